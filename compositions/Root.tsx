import {Composition} from 'remotion';
import {calculateNarrationMetadata} from '../src/index.ts';
import {Explainer, explainerSchema, type ExplainerProps} from './Explainer.tsx';
import {explainerDefaultProps} from './explainer-default-props.ts';
import {ProductTour, productTourSchema, type ProductTourProps} from './ProductTour.tsx';
import {tourDefaultProps} from './tour-default-props.ts';

export const Root = () => (
  <>
    <Composition
    id="Explainer"
    component={Explainer}
    schema={explainerSchema}
    defaultProps={explainerDefaultProps}
    calculateMetadata={calculateNarrationMetadata<ExplainerProps>({fps: 30})}
    width={1280}
    height={720}
  />
    <Composition
      id="ProductTour"
      component={ProductTour}
      schema={productTourSchema}
      defaultProps={tourDefaultProps}
      calculateMetadata={calculateNarrationMetadata<ProductTourProps>({fps: 30})}
      width={1280}
      height={720}
    />
  </>
);
