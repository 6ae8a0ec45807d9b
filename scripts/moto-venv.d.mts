/** The pinned moto version installed in .venv. */
export const MOTO_VERSION: string;
/** The pinned uv version that installs it. */
export const UV_VERSION: string;
/** Absolute path of the .venv folder at the repo root. */
export const VENV: string;
/** Make sure .venv holds moto MOTO_VERSION with its server extra; rejects when it cannot. */
export function ensureMotoVenv(): Promise<void>;
