import type {ProductTourProps} from './ProductTour.tsx';

/**
 * A product tour: a silent title, three lines over a 20 s screen recording at its 0:02, 0:08 and
 * 0:15, then a short dialogue, joined by fades. The "filter" line is longer than the 7 s before
 * the next moment allow with its pause, so it plays a little faster, pitch kept.
 */
export const tourDefaultProps: ProductTourProps = {
  narration: {
    voice: {speakerId: 'oversea_male1'},
    scenes: [
      {id: 'title', durationInSeconds: 2},
      {id: 'recording', durationInSeconds: 20, transitionInSeconds: 0.5},
      {id: 'dialogue', transitionInSeconds: 0.5},
    ],
    cues: [
      {id: 'open', scene: 'recording', atInSeconds: 2, text: 'Open the dashboard from the sidebar.'},
      {
        id: 'filter',
        scene: 'recording',
        atInSeconds: 8,
        text: 'Filter by team, then by quarter: the chart redraws itself at once, with only the numbers your own team cares about.',
      },
      {id: 'export', scene: 'recording', atInSeconds: 15, text: 'When it looks right, export the report.'},
      {id: 'ask', scene: 'dialogue', speakerId: 'commercial_lady_en_f-v1', text: 'Does every team see the same report?'},
      {id: 'answer', scene: 'dialogue', text: 'Each team sees its own numbers, from the same dashboard.'},
      {id: 'ask-again', scene: 'dialogue', speakerId: 'commercial_lady_en_f-v1', text: 'And when the numbers change?'},
      {id: 'answer-again', scene: 'dialogue', text: 'The report follows. Export it again.'},
    ],
  },
};
