import {describe, expect, it} from 'vitest';
import {inspectMp3} from '../../src/node/mp3/inspect-mp3.ts';
import {playedLengthInSeconds} from '../helpers/played-length.ts';
import {buildId3v2Tag, fakeCoverPicture, stripLeadingId3v2} from '../fake-useapi/id3v2-tag.ts';
import {synthesizeVariedSpeech} from '../fake-useapi/varied-mp3.ts';

/**
 * ffmpeg's length estimate of a VBR MP3 without a Xing header changes when an ID3v2 APIC frame (a
 * cover picture, of any size) comes first: it makes an attached-picture stream and probes about
 * 5 s of audio (max_analyze_duration) instead of 50 frames before averaging the bitrate. A tag as
 * big without a picture changes nothing. `inspectMp3` models both (once 3.957 s where ffprobe
 * said 5.427 s).
 */
describe('inspectMp3 on a VBR MP3 without a Xing header behind a cover picture', () => {
  const text = 'Line 160 is one full sentence of narration, about as long as the lines of a real video.';
  const format = {
    encoding: 'vbr-no-xing',
    bigId3v2Tag: false,
    sampleRate: 24_000,
    leadingSilenceInSeconds: 0.121,
    trailingSilenceInSeconds: 0.578,
    consonants: true,
  } as const;

  it('estimates the length ffprobe reports, with or without the picture', async () => {
    const audio = stripLeadingId3v2(await synthesizeVariedSpeech({text, speed: 1, format}));
    const tag = buildId3v2Tag({title: 'Narration', encoder: 'Lavf61.7.100', picture: fakeCoverPicture(1000)});
    const withPicture = new Uint8Array(tag.length + audio.length);
    withPicture.set(tag);
    withPicture.set(audio, tag.length);

    // Without the tag the model agrees with ffprobe to the microsecond.
    expect(inspectMp3({data: audio, name: 'no-tag.mp3'}).headerEstimateInSeconds).toBeCloseTo(await playedLengthInSeconds(audio), 5);
    // With the picture ffmpeg reads further before it estimates.
    expect(inspectMp3({data: withPicture, name: 'picture.mp3'}).headerEstimateInSeconds).toBeCloseTo(await playedLengthInSeconds(withPicture), 5);
  });
});
