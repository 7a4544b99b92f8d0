const ENVIRONMENT = `Environment:
  USEAPI_TOKEN       useapi.net API token; without it the offline draft voice (eSpeak NG) speaks
  USEAPI_EMAIL       Kling account at useapi.net, when several are configured there
  USEAPI_BASE_URL    default https://api.useapi.net
  USEAPI_TIMEOUT_MS  per request, default 180000
  REMOTION_BROWSER_EXECUTABLE  your own Chrome/Chromium instead of the bundled one`;

const PROJECT_OPTIONS = `  --composition ID           Only this composition (default: every composition with a "narration" prop)
  --props JSON|FILE          Input props, merged over the default props as in "npx remotion render"
  --browser-executable PATH  Chrome/Chromium to read the compositions with
  --verbose                  Stack traces (and for prepare: every HTTP request, token redacted)`;

export const HELP: Record<string, string> = {
  main: `remotion-narration: spoken narration as a build step of Remotion videos

Usage:
  npx remotion-narration prepare [ENTRY] [options]   Generate the audio of every cue not cached yet
  npx remotion-narration plan [ENTRY] [options]      What prepare would generate, with no request
  npx remotion-narration prune [ENTRY] [--dry-run]   Delete stored audio that no cue uses
  npx remotion-narration voices [--json]             The Kling voices of your account and their emotions
  npx remotion-narration duration FILE... [--json]   Played length of MP3 files (decoded, not estimated)
  npx remotion-narration help [COMMAND]              Help, for one command too

${ENVIRONMENT}

Examples:
  npx remotion-narration prepare
  npx remotion-narration prepare --frozen
  npx remotion-narration help prepare
`,
  prepare: `npx remotion-narration prepare [ENTRY] [options]

Reads the compositions as "npx remotion render" resolves them and generates, measures and stores
the audio of every narration cue that is not cached. Exit code 1 if any cue failed; everything
else stays cached.

Options:
${PROJECT_OPTIONS}
  --frozen                   Make no request: fail listing every cue without audio (CI without secrets)
  --dry-run                  Only say what would be generated (same as "plan")
  --force ID[,ID...]         Generate these cues again even when cached (repeatable)
  --watch                    Keep running: prepare again whenever a source file changes (beside the Studio)
  --json                     Print a machine-readable summary on stdout
  --concurrency N            Most speech jobs at once (default 4; lowered by itself on 429)
  --retries N                Retries of a transient failure per clip (default 3)
  --timeout-ms N             Timeout per request (default 180000, or USEAPI_TIMEOUT_MS)

${ENVIRONMENT}

Examples:
  npx remotion-narration prepare
  npx remotion-narration prepare --composition Explainer --props ./narration.json
  npx remotion-narration prepare --force intro,outro
  npx remotion-narration prepare --watch
  npx remotion-narration prepare --frozen --json
`,
  plan: `npx remotion-narration plan [ENTRY] [options]

What prepare would generate: the cues, their characters and estimated seconds. No request, no
file written.

Options:
${PROJECT_OPTIONS}
  --force ID[,ID...]         Count these cues as to be generated again
  --json                     Print the plan as JSON

Examples:
  npx remotion-narration plan
  npx remotion-narration plan --composition Explainer --json
`,
  prune: `npx remotion-narration prune [ENTRY] [options]

Deletes stored audio (public/narration/*.mp3 and manifest entries) that no cue of any
composition uses. Clips of both voices (draft and Kling) that cues use are kept.

Options:
${PROJECT_OPTIONS}
  --dry-run                  Only list what would be deleted
  --json                     Print the result as JSON

Examples:
  npx remotion-narration prune --dry-run
  npx remotion-narration prune
`,
  voices: `npx remotion-narration voices [--json]

The voices of your Kling account (speakerId, name) and the emotions each one enables. Needs
USEAPI_TOKEN.

Examples:
  npx remotion-narration voices
  npx remotion-narration voices --json
`,
  duration: `npx remotion-narration duration FILE... [--json]

The played length of MP3 files, measured by decoding every frame (header-based tools are wrong on
VBR files without a Xing header). With --json: one array, in file order, of
{"file", "durationInSeconds"} or {"file", "error"}. Exit code 1 if any file failed.

Examples:
  npx remotion-narration duration public/narration/*.mp3
  npx remotion-narration duration voiceover.mp3 --json
`,
};
