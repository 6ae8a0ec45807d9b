/**
 * The SDK's only process-level warning is a NodeVersionSupportWarning sent through
 * process.emitWarning (@aws-sdk/core, emitWarningIfUnsupportedVersion) the first time a
 * client is built on Node < 22. It checks this variable at that moment, so setting it
 * before the first client exists is enough. Other SDK warnings go to the client's logger,
 * which the adapter gives a silent one.
 */
export function silenceSdkWarnings(env: NodeJS.ProcessEnv = process.env): void {
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
}
