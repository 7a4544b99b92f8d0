import {InvalidInputError} from '../../core/errors.ts';
import {listFew} from '../../core/list-few.ts';
import {voiceOfComposition, type Manifest} from '../../core/manifest-schema.ts';
import {isDraftVoiceProviderId} from '../providers/draft-voice/create-draft-voice-provider.ts';

/**
 * When the draft voice was chosen only because `USEAPI_TOKEN` is not set (a CI secret that went
 * missing, a new shell), compositions already narrated by another provider must not silently
 * switch to it: their render would change voice, or fail for audio that is in fact cached.
 * @throws InvalidInputError naming those compositions and the two ways on.
 */
export const assertVoiceKept = ({manifest, compositionIds}: {manifest: Manifest; compositionIds: readonly string[]}): void => {
  const narrated = compositionIds
    .map((id) => ({id, provider: voiceOfComposition(manifest, id)?.provider ?? null}))
    .filter((each): each is {id: string; provider: string} => each.provider !== null && !isDraftVoiceProviderId(each.provider));
  if (narrated.length === 0) return;
  const providers = [...new Set(narrated.map((each) => each.provider))].join(', ');
  throw new InvalidInputError(
    `USEAPI_TOKEN is not set, but composition${narrated.length > 1 ? 's' : ''} ${listFew(narrated.map((each) => `"${each.id}"`))} ${narrated.length > 1 ? 'have' : 'has'} audio from ${providers}. Set USEAPI_TOKEN to keep that voice, or pass --draft to narrate with the offline draft voice on purpose.`,
  );
};
