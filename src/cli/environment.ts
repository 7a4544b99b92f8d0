/** The environment variables the CLI reads, for every command's help. */
export const ENVIRONMENT_HELP = `Environment:
  USEAPI_TOKEN       useapi.net API token; without it the offline draft voice (eSpeak NG) speaks
  USEAPI_EMAIL       Kling account at useapi.net, when several are configured there
  USEAPI_BASE_URL    default https://api.useapi.net
  USEAPI_TIMEOUT_MS  per request, default 180000
  REMOTION_BROWSER_EXECUTABLE  your own Chrome/Chromium instead of the bundled one`;
