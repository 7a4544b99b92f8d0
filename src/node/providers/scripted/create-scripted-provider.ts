import {encodeMp3} from '../../mp3/encode-mp3.ts';
import {sleep} from '../../../core/sleep.ts';
import type {SpeechProvider, SpeechProviderLimits, SpeechRequest, SynthesizeOptions, Voice} from '../speech-provider.ts';
import {DEFAULT_CLIP_LIMITS} from '../../../core/clip-limits.ts';

/**
 * What a scripted call does:
 * - `{speech}` (the default): a real MP3 of a tone, `speechInSeconds` long (default: 0.06 s per
 *   character at speed 1) between the given silences;
 * - `{error}`: throws it, as a real provider would (ModerationError, SpeechServiceError, ...);
 * - `{mp3}`: returns these bytes as they are (e.g. something that is not MP3).
 */
export type ScriptedOutcome =
  | {speech?: {speechInSeconds?: number; leadingSilenceInSeconds?: number; trailingSilenceInSeconds?: number}; latencyMs?: number}
  | {error: Error; latencyMs?: number}
  | {mp3: Uint8Array; latencyMs?: number};

export type ScriptedProviderOptions = {
  /** Default "scripted". Part of every cache key. */
  id?: string;
  limits?: SpeechProviderLimits;
  /** Decides each call from the request and how many calls this text had before (0 for the first). */
  script?: (request: SpeechRequest, callIndexForText: number) => ScriptedOutcome;
  /** Voices to list; without them, `listVoices` is absent (nothing is checked before requests). */
  voices?: Voice[];
};

export type ScriptedProvider = SpeechProvider & {
  /** Every request, in order, as received (retries included). */
  readonly calls: SpeechRequest[];
  /** The most calls that were in their scheduled part at once. */
  readonly peakConcurrency: number;
};

const SAMPLE_RATE = 22_050;
const BIT_RATE_IN_KBPS = 64;
const SECONDS_PER_CHARACTER = 0.06;

/**
 * An in-memory speech provider that does what a script says, for testing prepare (and your own
 * pipeline) without a network or a voice engine: it returns real, decodable MP3s, throws the
 * errors it is told to, and counts its calls.
 */
export const createScriptedProvider = ({
  id = 'scripted',
  limits = {...DEFAULT_CLIP_LIMITS, setBy: 'the scripted provider'},
  script = () => ({}),
  voices,
}: ScriptedProviderOptions = {}): ScriptedProvider => {
  const calls: SpeechRequest[] = [];
  const callsPerText = new Map<string, number>();
  let running = 0;
  let peakConcurrency = 0;

  const respond = async (request: SpeechRequest, signal: AbortSignal | undefined): Promise<Uint8Array> => {
    running++;
    peakConcurrency = Math.max(peakConcurrency, running);
    try {
      calls.push(request);
      const index = callsPerText.get(request.text) ?? 0;
      callsPerText.set(request.text, index + 1);
      const outcome = script(request, index);
      if (outcome.latencyMs) await sleep(outcome.latencyMs, signal);
      if ('error' in outcome) throw outcome.error;
      if ('mp3' in outcome) return outcome.mp3;
      return toneMp3({
        speechInSeconds: outcome.speech?.speechInSeconds ?? ([...request.text].length * SECONDS_PER_CHARACTER) / request.speed,
        leadingSilenceInSeconds: outcome.speech?.leadingSilenceInSeconds ?? 0.1,
        trailingSilenceInSeconds: outcome.speech?.trailingSilenceInSeconds ?? 0.1,
      });
    } finally {
      running--;
    }
  };

  const synthesize = async (request: SpeechRequest, {signal, schedule}: SynthesizeOptions = {}) => {
    signal?.throwIfAborted();
    const work = () => respond(request, signal);
    return {mp3: await (schedule ? schedule(work) : work())};
  };

  return {
    id,
    description: 'scripted provider (in memory)',
    limits,
    synthesize,
    ...(voices ? {listVoices: async () => voices} : {}),
    calls,
    get peakConcurrency() {
      return peakConcurrency;
    },
  };
};

/** A 330 Hz tone between two digital silences, as 22.05 kHz mono CBR MP3. */
const toneMp3 = ({
  speechInSeconds,
  leadingSilenceInSeconds,
  trailingSilenceInSeconds,
}: {
  speechInSeconds: number;
  leadingSilenceInSeconds: number;
  trailingSilenceInSeconds: number;
}): Uint8Array => {
  const lead = Math.round(leadingSilenceInSeconds * SAMPLE_RATE);
  const speech = Math.max(1, Math.round(speechInSeconds * SAMPLE_RATE));
  const samples = new Int16Array(lead + speech + Math.round(trailingSilenceInSeconds * SAMPLE_RATE));
  for (let i = 0; i < speech; i++) {
    samples[lead + i] = Math.round(Math.sin((2 * Math.PI * 330 * i) / SAMPLE_RATE) * 0.4 * 32767);
  }
  return encodeMp3({channels: [samples], sampleRate: SAMPLE_RATE, bitRateInKbps: BIT_RATE_IN_KBPS});
};
