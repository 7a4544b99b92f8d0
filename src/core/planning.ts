/**
 * Set (to "1") by `remotion-narration prepare` while it reads the compositions, through
 * Remotion's `envVariables`: `calculateNarrationMetadata` then allows missing audio and reads no
 * manifest.
 */
export const PLANNING_ENV_VARIABLE = 'REMOTION_NARRATION_PLANNING';
