/**
 * The id Kling's provider records in manifests and hashes into cache keys. In core because keys
 * are also computed in the browser (see `cacheKeyForClip`), which never loads the provider.
 */
export const KLING_PROVIDER_ID = 'kling';
