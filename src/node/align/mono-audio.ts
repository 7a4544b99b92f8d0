/** One channel of PCM: float samples in [-1, 1]. */
export type MonoAudio = {samples: Float32Array; sampleRate: number};

/** The mean of the channels (mpg123 returns two, duplicated for a mono file) over `length` samples. */
export const mixToMono = ({channelData, length}: {channelData: Float32Array[]; length: number}): Float32Array => {
  const [first] = channelData;
  if (channelData.length === 1 && first) return first.subarray(0, length);
  const mono = new Float32Array(length);
  for (const channel of channelData) {
    for (let i = 0; i < length; i++) mono[i] = mono[i]! + (channel[i] ?? 0);
  }
  for (let i = 0; i < length; i++) mono[i] = mono[i]! / channelData.length;
  return mono;
};

export const durationInSecondsOf = (audio: MonoAudio): number => audio.samples.length / audio.sampleRate;
