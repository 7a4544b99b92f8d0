import {AbsoluteFill} from 'remotion';
import type {TimelineCue} from '../core/timeline.ts';

/** Shown in Studio for a cue whose audio is missing or was refused (renders fail before this). */
export const MissingCueFlag = ({cue, reason}: {cue: TimelineCue; reason: string | null}) => (
  <AbsoluteFill style={{justifyContent: 'flex-end', alignItems: 'flex-start', pointerEvents: 'none'}}>
    <div
      style={{
        margin: 16,
        padding: '6px 10px',
        background: 'rgba(200, 30, 30, 0.85)',
        color: 'white',
        font: '600 20px sans-serif',
        borderRadius: 6,
        maxWidth: '90%',
      }}
    >
      {reason === null
        ? `Narration cue "${cue.id}": not generated yet. Run npx remotion-narration prepare`
        : `Narration cue "${cue.id}": moderated: ${reason}`}
    </div>
  </AbsoluteFill>
);
