// npm run bench: first frame, AWS round trips, install footprint and memory of the built
// CLI. Machines differ and CI machines are noisy, so each figure is a median of several
// runs and is set against a baseline measured in the same run. Prints a table and writes
// bench-results/latest.json. Usage: node scripts/bench.mjs [--runs N] [--delay MS]
// [--only first-frame,round-trips,verify-scale,org-scale,footprint,memory]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, lstatSync } from 'node:fs';
import module from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startMoto } from './bench/moto.mjs';
import { startLatencyProxy } from './bench/latency-proxy.mjs';
import { bundledPackageDirs } from './notices.mjs';

const ROOT = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
process.chdir(ROOT);
const BIN = join(ROOT, 'bin/mvsp-setup.js');
const RELAY = join(ROOT, 'test/helpers/pty-relay.py');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const WELCOME_TEXT = 'This wizard will';

const argv = process.argv.slice(2);
const flag = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const RUNS = Math.max(1, Number(flag('--runs') ?? 10));
// the latency each request gets; a longer one keeps moto's own time on a loaded machine
// from splitting a wave, so the waves show the chain of dependent requests alone
const DELAY_MS = Math.max(10, Number(flag('--delay') ?? 100));
const ONLY = (flag('--only') ?? 'first-frame,round-trips,verify-scale,org-scale,footprint,memory').split(',');

const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x, d = 2) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : null);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const stripAnsi = (s) => s.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[()][0-9A-Z]|\x1b[=>78]/g, '');
const log = (s) => process.stderr.write(`${s}\n`);

const work = mkdtempSync(join(tmpdir(), 'mvsp-bench-'));
const cleanEnv = () => {
  const env = { ...process.env, TERM: 'xterm-256color', HOME: work, XDG_DATA_HOME: join(work, 'data'), XDG_CONFIG_HOME: join(work, 'config') };
  for (const k of ['CI', 'AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_DEFAULT_REGION', 'AWS_ENDPOINT_URL', 'NO_COLOR', 'FORCE_COLOR']) delete env[k];
  return env;
};

// ---------- processes ----------

/** run a command in a pseudo-terminal (80x24); `output()` is what the terminal shows, ANSI stripped */
function pty(cmd, { env = cleanEnv(), cwd = work } = {}) {
  const t0 = performance.now();
  const child = spawn('python3', [RELAY, '80', '24', ...cmd], { env, cwd, stdio: ['pipe', 'pipe', 'ignore'] });
  let raw = '';
  const waiters = [];
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d) => {
    raw += d;
    const now = performance.now();
    const text = stripAnsi(raw);
    for (const w of [...waiters]) {
      if (text.includes(w.needle)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(now - t0);
      }
    }
  });
  const exited = new Promise((r) => child.on('exit', (code) => r(code ?? -1)));
  return {
    output: () => stripAnsi(raw),
    write: (keys) => child.stdin.write(keys),
    /** ms from spawn until the text appeared */
    waitFor(needle, timeoutMs = 15_000) {
      if (stripAnsi(raw).includes(needle)) return Promise.resolve(performance.now() - t0);
      return new Promise((resolveWait, reject) => {
        const w = { needle, resolve: resolveWait };
        waiters.push(w);
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(new Error(`timed out waiting for "${needle}"; screen:\n${stripAnsi(raw).slice(-1500)}`));
        }, timeoutMs);
        exited.then(() => setTimeout(() => reject(new Error(`exited before "${needle}"; screen:\n${stripAnsi(raw).slice(-1500)}`)), 50));
        w.resolve = (v) => {
          clearTimeout(timer);
          resolveWait(v);
        };
      });
    },
    exited,
    /** Ctrl-C, then the kill signal if it does not end */
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.stdin.write('\x03');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** prefix a command so that its peak RSS (kB) lands in a file */
function withPeakRss(cmd) {
  if (!TIME) return { cmd, read: () => NaN };
  const file = join(work, `rss-${process.hrtime.bigint()}.txt`);
  return {
    cmd: [TIME, '-f', '%M', '-o', file, ...cmd],
    read() {
      try {
        const lines = readFileSync(file, 'utf8').trim().split('\n');
        rmSync(file, { force: true });
        return Number(lines[lines.length - 1]) / 1024;
      } catch {
        return NaN;
      }
    },
  };
}

/** run the CLI to its end (no terminal); wall time, exit code, output, peak RSS in MB */
function runCli(args, env, cwd = work, timeoutMs = 120_000) {
  const { cmd, read } = withPeakRss([process.execPath, BIN, ...args]);
  return new Promise((resolveRun) => {
    const t0 = performance.now();
    const child = spawn(cmd[0], cmd.slice(1), { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolveRun({ code: code ?? -1, ms: performance.now() - t0, stdout, stderr, rssMb: read() });
    });
  });
}

// ---------- 1. first frame ----------

async function timeText(cmd, needle) {
  const p = pty(cmd);
  try {
    return await p.waitFor(needle);
  } finally {
    await p.stop();
  }
}

/**
 * ms from the moment a shell in the pseudo-terminal hands over to `cmd` (it prints a
 * mark, then runs it) until `needle` is on screen: Node's start and the program's own
 * work, without the relay's (a Python process) start or the pty's set-up. Without a
 * needle, until `cmd` has ended (a bare `node -e ''`).
 */
async function timeSinceExec(cmd, needle) {
  const MARK = 'mvsp-exec-mark';
  const DONE = 'mvsp-exec-done';
  const script = needle ? `printf '${MARK}\\n'; exec "$@"` : `printf '${MARK}\\n'; "$@"; printf '${DONE}\\n'`;
  const p = pty(['/bin/sh', '-c', script, 'sh', ...cmd]);
  try {
    const [mark, seen] = await Promise.all([p.waitFor(MARK), p.waitFor(needle ?? DONE)]);
    return seen - mark;
  } finally {
    await p.stop();
  }
}

async function firstFrame() {
  const node = [process.execPath, '-e', "process.stdout.write('ready')"];
  const app = [process.execPath, BIN, '--demo'];
  const relay = ['/bin/echo', 'ready'];
  // one untimed round first: disk cache, Python's own start
  await timeText(node, 'ready');
  await timeText(app, WELCOME_TEXT);
  // timed from the exec, against a bare `node -e ''`
  const s = { node: [], app: [], relay: [], bareExec: [], appExec: [] };
  for (let i = 0; i < RUNS; i++) {
    s.relay.push(await timeText(relay, 'ready'));
    s.node.push(await timeText(node, 'ready'));
    s.app.push(await timeText(app, WELCOME_TEXT));
    s.bareExec.push(await timeSinceExec([process.execPath, '-e', '']));
    s.appExec.push(await timeSinceExec(app, WELCOME_TEXT));
  }
  const m = { node: median(s.node), app: median(s.app), relay: median(s.relay), bareExec: median(s.bareExec), appExec: median(s.appExec) };
  const ratio = m.app / m.node;
  const ratioFromExec = m.appExec / m.bareExec;
  return {
    samplesMs: s,
    medianMs: m,
    ratio,
    // the pseudo-terminal relay (a Python process) is in both; without it:
    ratioWithoutRelay: (m.app - m.relay) / (m.node - m.relay),
    target: 3.0,
    met: ratio <= 3.0,
    ratioFromExec,
    targetFromExec: 2.5,
    metFromExec: ratioFromExec <= 2.5,
  };
}

// ---------- 2. round trips ----------

const ANSWERS = {
  rootEmail: 'aws+production@acme.com',
  contacts: {
    security: { name: 'Security team', title: 'Security', email: 'security@acme.com', phone: '+14155550100' },
    billing: { name: 'Finance', title: 'Billing', email: 'billing@acme.com', phone: '+14155550101' },
    operations: { name: 'Ops on call', title: 'Ops', email: 'ops@acme.com', phone: '+14155550102' },
  },
  admin: { userName: 'alice', accountAlias: 'acme-production' },
  rootHolders: ['Alice Doe', 'Bob Roe'],
  reminder: { icsPath: 'mvsp-root-check.ics', start: '2026-12-07', githubWorkflowPath: null, cron: true },
  alert: { enabled: true, email: 'security@acme.com' },
};

function awsEnv(endpoint) {
  return {
    ...cleanEnv(),
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

function summaryOf(stdout) {
  const lines = stdout.split('\n');
  const notBuilt = lines.filter((l) => /: not available in this version/.test(l));
  const at = lines.indexOf('summary:');
  if (at >= 0) return [...notBuilt, ...lines.slice(at)].filter(Boolean);
  try {
    const doc = JSON.parse(stdout);
    return (doc.checks ?? []).map((c) => `${c.id}: ${c.status}`);
  } catch {
    return notBuilt;
  }
}

const notAvailable = (r) => r.code === 2 && /not available in this version/.test(r.stderr);

/** N runs with the delay and N without, interleaved; `before` prepares the state of each run */
async function measureFlow(proxy, args, before) {
  const delayed = [];
  const direct = [];
  for (let i = 0; i < RUNS; i++) {
    for (const [delay, into] of [
      [DELAY_MS, delayed],
      [0, direct],
    ]) {
      await before();
      proxy.setDelay(delay);
      proxy.take();
      const r = await runCli(args, awsEnv(proxy.url));
      into.push({ ...r, ...proxy.take() });
      if (notAvailable(r)) return { available: false, message: r.stderr.trim() };
    }
  }
  const wall = median(delayed.map((r) => r.ms));
  const base = median(direct.map((r) => r.ms));
  const last = delayed[delayed.length - 1];
  return {
    available: true,
    exitCodes: [...new Set(delayed.concat(direct).map((r) => r.code))],
    wallMs: wall,
    directWallMs: base,
    // wall time over the injected delay, as asked; it includes Node's start and moto's own work
    roundTripEquivalents: wall / DELAY_MS,
    // what the delay added: the length of the chain of dependent requests
    criticalPathRoundTrips: (wall - base) / DELAY_MS,
    requests: median(delayed.map((r) => r.requests)),
    maxInFlight: Math.max(...delayed.map((r) => r.maxInFlight)),
    waves: median(delayed.map((r) => r.waves)),
    actions: last.actions,
    repeatedReads: last.repeatedReads,
    peakRssMb: median(direct.map((r) => r.rssMb)),
    // the run's closing summary only: earlier output can hold a generated password
    summary: summaryOf(last.stdout),
    timeline: last.timeline,
    stderr: last.stderr.slice(-800),
  };
}

async function roundTrips() {
  const moto = await startMoto();
  const proxy = await startLatencyProxy({ target: moto.url, delayMs: DELAY_MS });
  try {
    const answersFile = join(work, 'answers.json');
    writeFileSync(answersFile, JSON.stringify(ANSWERS, null, 2));
    const setupArgs = ['setup', '--ci', '--yes', '--answers', answersFile];

    log(`day-one flow: ${RUNS}+${RUNS} runs…`);
    const dayOne = await measureFlow(proxy, setupArgs, () => moto.reset());
    if (dayOne.available) {
      dayOne.stepsNotAvailable = dayOne.summary.map((l) => l.match(/^([a-z-]+): not available in this version/)?.[1]).filter(Boolean);
    }

    // verify reads the account the day-one flow leaves behind
    log(`verify: ${RUNS}+${RUNS} runs…`);
    await moto.reset();
    proxy.setDelay(0);
    await runCli(setupArgs, awsEnv(proxy.url));
    const verify = await measureFlow(proxy, ['verify', '--ci', '--json'], async () => {});
    return { delayMs: DELAY_MS, verify, dayOne };
  } finally {
    await proxy.close();
    await moto.stop();
  }
}

// ---------- 2b. verify at 10, 200 and 2,000 users ----------

const SCALE_USERS = [10, 200, 2000];

/** IAM users straight into moto (not through the proxy): every tenth has a console password. */
async function populate(endpoint, n) {
  const { IAMClient, CreateUserCommand, CreateLoginProfileCommand } = await import('@aws-sdk/client-iam');
  const iam = new IAMClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const name = `user-${String(i).padStart(4, '0')}`;
      await iam.send(new CreateUserCommand({ UserName: name }));
      if (i % 10 === 0) await iam.send(new CreateLoginProfileCommand({ UserName: name, Password: 'Correct-Horse-Battery-Staple-42' }));
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  iam.destroy();
}

const ORG_MEMBERS = 20;

/** An organization whose management account is moto's default one, with `n` member accounts. */
async function createOrganization(endpoint, n) {
  const { OrganizationsClient, CreateOrganizationCommand, CreateAccountCommand } = await import('@aws-sdk/client-organizations');
  const org = new OrganizationsClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  for (let i = 0; i < n; i++) await org.send(new CreateAccountCommand({ Email: `aws+member${i}@acme.com`, AccountName: `member-${i}` }));
  org.destroy();
}

/**
 * Runs of several setups, interleaved: round after round, each setup once, so a change in
 * the machine's load (a shared CI machine, another job) falls on every setup alike instead
 * of on whichever was measured during it. Each setup has its own moto and latency proxy,
 * prepared first; one untimed run each warms moto (credential reports, caches). Returns
 * the samples per setup.
 */
async function interleaved(setups, rounds) {
  const started = [];
  try {
    for (const setup of setups) {
      const moto = await startMoto();
      const proxy = await startLatencyProxy({ target: moto.url, delayMs: DELAY_MS });
      started.push({ setup, moto, proxy, samples: [] });
      await setup.prepare(moto.url);
      proxy.setDelay(0);
      await runCli(setup.args, awsEnv(proxy.url), work, 600_000);
      proxy.setDelay(DELAY_MS);
    }
    for (let i = 0; i < rounds; i++) {
      for (const s of started) {
        s.proxy.take();
        const r = await runCli(s.setup.args, awsEnv(s.proxy.url), work, 600_000);
        const t = s.proxy.take();
        s.samples.push({ ms: r.ms, code: r.code, requests: t.requests, maxInFlight: t.maxInFlight, stdout: r.stdout });
      }
    }
    return started.map((s) => s.samples);
  } finally {
    for (const s of started) {
      await s.proxy.close();
      await s.moto.stop();
    }
  }
}

const summarizeSamples = (samples) => ({
  wallMs: median(samples.map((x) => x.ms)),
  wallMsEach: samples.map((x) => Math.round(x.ms)),
  requests: median(samples.map((x) => x.requests)),
  maxInFlight: Math.max(...samples.map((x) => x.maxInFlight)),
  exitCodes: [...new Set(samples.map((x) => x.code))],
});

// runs of each setup in the scale measures, interleaved: 9 by default, so the median is
// the 5th of 9 and one slow run on a shared machine moves it less than it did with 5
const SCALE_ROUNDS = () => Math.min(RUNS, 9);

/** verify --org --ci --json over ORG_MEMBERS members against verify --ci --json of one account, same delay, interleaved. */
async function orgScale() {
  const runs = SCALE_ROUNDS();
  log(`verify of one account and verify --org over ${ORG_MEMBERS} members: creating the organization, then ${runs} interleaved runs each…`);
  const [oneSamples, orgSamples] = await interleaved(
    [
      { args: ['verify', '--ci', '--json'], prepare: async () => {} },
      { args: ['verify', '--org', '--ci', '--json'], prepare: (url) => createOrganization(url, ORG_MEMBERS) },
    ],
    runs,
  );
  const one = summarizeSamples(oneSamples);
  const org = summarizeSamples(orgSamples);
  return { delayMs: DELAY_MS, runs, members: ORG_MEMBERS, loadAverage: (await import('node:os')).loadavg().map((x) => round(x)), one, org, ratio: org.wallMs / one.wallMs, target: { ratio: 3 } };
}

/** AWS calls and wall time of verify --ci --json as the account grows (with the delay, 100 ms unless --delay), interleaved. */
async function verifyScale() {
  const runs = SCALE_ROUNDS();
  log(`verify at ${SCALE_USERS.join(', ')} users: populating, then ${runs} interleaved runs each…`);
  const samples = await interleaved(
    SCALE_USERS.map((users) => ({ args: ['verify', '--ci', '--json'], prepare: (url) => populate(url, users) })),
    runs,
  );
  const rows = SCALE_USERS.map((users, i) => ({
    users,
    ...summarizeSamples(samples[i]),
    unknown: summaryOf(samples[i][samples[i].length - 1].stdout).filter((l) => l.endsWith(': unknown')),
  }));
  const first = rows[0];
  const last = rows[rows.length - 1];
  return {
    delayMs: DELAY_MS,
    runs,
    // the machine may be shared: the load average says how busy it was
    loadAverage: (await import('node:os')).loadavg().map((x) => round(x)),
    rows,
    ratio: last.wallMs / first.wallMs,
    target: { requestsAt2000: 40, ratio: 2 },
  };
}

// ---------- 3. install footprint ----------

function duBytes(path) {
  const st = lstatSync(path);
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((n, f) => n + duBytes(join(path, f)), 0);
}

function countPackages(nodeModules) {
  let n = 0;
  if (!existsSync(nodeModules)) return 0;
  for (const entry of readdirSync(nodeModules)) {
    if (entry.startsWith('.')) continue;
    const dirs = entry.startsWith('@') ? readdirSync(join(nodeModules, entry)).map((e) => join(nodeModules, entry, e)) : [join(nodeModules, entry)];
    for (const d of dirs) {
      if (existsSync(join(d, 'package.json'))) n++;
      n += countPackages(join(d, 'node_modules'));
    }
  }
  return n;
}

const SHIPPED = [/^bin\//, /^dist\//, /^policies\//, /^THIRD-PARTY-NOTICES\.md$/, /^README\.md$/i, /^package\.json$/, /^LICEN[CS]E/i];

function footprint() {
  const packDir = join(work, 'pack');
  mkdirSync(packDir);
  // npm run bench has just built; do not build again in prepack
  const pack = spawnSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], { encoding: 'utf8' });
  if (pack.status !== 0) throw new Error(`npm pack failed: ${pack.stderr}`);
  const info = JSON.parse(pack.stdout)[0];
  const tarball = join(packDir, info.filename);
  const files = info.files.map((f) => f.path);
  const installDir = join(work, 'install');
  mkdirSync(installDir);
  const t0 = performance.now();
  const inst = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tarball], { cwd: installDir, encoding: 'utf8' });
  const installMs = performance.now() - t0;
  if (inst.status !== 0) throw new Error(`npm install of the tarball failed: ${inst.stderr}`);
  const nm = join(installDir, 'node_modules');
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  const meta = JSON.parse(readFileSync('dist/meta.json', 'utf8'));
  // what the same code would weigh installed as ordinary dependencies
  const bundledDirs = bundledPackageDirs(meta);
  const unbundledBytes = bundledDirs.reduce((n, d) => n + duBytes(d), 0);
  const installedBytes = duBytes(nm);
  const installedBin = spawnSync(process.execPath, [join(nm, 'mvsp-setup/bin/mvsp-setup.js'), '--version'], { encoding: 'utf8' });
  return {
    tarballBytes: statSync(tarball).size,
    unpackedBytes: info.unpackedSize,
    files: files.length,
    unexpectedFiles: files.filter((f) => !SHIPPED.some((re) => re.test(f))),
    notices: files.includes('THIRD-PARTY-NOTICES.md'),
    runtimeDependencies: Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies, ...pkg.peerDependencies }),
    installedBytes,
    installedPackages: countPackages(nm),
    installMs,
    installedRuns: installedBin.status === 0 && installedBin.stdout.trim() === pkg.version,
    bundledPackages: bundledDirs.length,
    unbundledBytes,
    target: { tarballBytes: 1.5e6, runtimeDependencies: 0 },
  };
}

// ---------- 4. memory ----------

async function wizardPeakRss() {
  const answersFile = join(work, 'answers.json');
  writeFileSync(answersFile, JSON.stringify(ANSWERS, null, 2));
  const { cmd, read } = withPeakRss([process.execPath, BIN, '--demo', '--answers', answersFile]);
  const p = pty(cmd);
  try {
    await p.waitFor('Enter start');
    // walk on: Enter accepts what the answers file pre-fills, screen after screen
    for (let i = 0; i < 6; i++) {
      p.write('\r');
      const ended = await Promise.race([p.exited.then(() => true), sleep(700).then(() => false)]);
      if (ended) break;
    }
  } finally {
    await p.stop();
  }
  return { mb: read(), screen: p.output().slice(-600) };
}

async function memory(verifyRss) {
  if (!TIME) return { available: false, why: '/usr/bin/time (GNU time) is not installed' };
  const node = [];
  const wizard = [];
  let screen = '';
  for (let i = 0; i < RUNS; i++) {
    const b = withPeakRss([process.execPath, '-e', "process.stdout.write('ready')"]);
    spawnSync(b.cmd[0], b.cmd.slice(1), { stdio: 'ignore' });
    node.push(b.read());
    const w = await wizardPeakRss();
    wizard.push(w.mb);
    screen = w.screen;
  }
  return {
    available: true,
    nodeMb: median(node),
    wizardMb: median(wizard),
    wizardLastScreen: screen,
    verifyMb: verifyRss,
    target: 150,
  };
}

// ---------- report ----------

function machine() {
  return {
    nproc: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    compileCache: typeof module.enableCompileCache === 'function',
  };
}

function table(rows) {
  const head = ['measure', 'median', 'baseline', 'ratio', 'target', 'met'];
  const cells = [head, ...rows.map((r) => r.map((c) => (c === undefined || c === null ? '' : String(c))))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells.map((r, j) => r.map((c, i) => (c ?? '').padEnd(widths[i])).join('  ') + (j === 0 ? `\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : '')).join('\n');
}

const ms = (x) => `${Math.round(x)} ms`;
const mb = (x) => `${(x / 1e6).toFixed(2)} MB`;
const yes = (b) => (b ? 'yes' : 'NO');

async function main() {
  const results = { when: new Date().toISOString(), runs: RUNS, machine: machine() };
  const t0 = performance.now();
  try {
    if (ONLY.includes('first-frame')) {
      log(`first frame: ${RUNS} runs of each…`);
      results.firstFrame = await firstFrame();
    }
    if (ONLY.includes('round-trips')) results.roundTrips = await roundTrips();
    if (ONLY.includes('verify-scale')) results.verifyScale = await verifyScale();
    if (ONLY.includes('org-scale')) results.orgScale = await orgScale();
    if (ONLY.includes('footprint')) {
      log('install footprint…');
      results.footprint = footprint();
    }
    if (ONLY.includes('memory')) {
      log(`memory: ${RUNS} wizard runs…`);
      const v = results.roundTrips?.verify;
      results.memory = await memory(v?.available ? v.peakRssMb : null);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  results.seconds = Math.round((performance.now() - t0) / 1000);

  const rows = [];
  const notes = [];
  const ff = results.firstFrame;
  if (ff) {
    rows.push(['first frame: --demo welcome vs node -e', ms(ff.medianMs.app), ms(ff.medianMs.node), round(ff.ratio), '<= 3.0', yes(ff.met)]);
    rows.push(['  same, the pty relay subtracted', ms(ff.medianMs.app - ff.medianMs.relay), ms(ff.medianMs.node - ff.medianMs.relay), round(ff.ratioWithoutRelay), '', '']);
    rows.push(["first frame from exec vs node -e ''", ms(ff.medianMs.appExec), ms(ff.medianMs.bareExec), round(ff.ratioFromExec), '<= 2.5', yes(ff.metFromExec)]);
  }
  const rt = results.roundTrips;
  if (rt) {
    const flowRows = (label, f, target, judge) => {
      if (!f.available) {
        rows.push([`${label}: not yet available in this build`, '', '', '', target, '']);
        return;
      }
      rows.push([`${label}: wall / ${DELAY_MS} ms delay`, ms(f.wallMs), `${DELAY_MS} ms`, round(f.roundTripEquivalents, 1), '', '']);
      rows.push([`${label}: round trips added by the delay`, ms(f.wallMs - f.directWallMs), `${DELAY_MS} ms`, round(f.criticalPathRoundTrips, 1), target, judge(f)]);
      rows.push([`${label}: AWS requests, waves, max in flight`, `${f.requests}, ${f.waves}, ${f.maxInFlight}`, '', '', '', '']);
      const repeated = Object.entries(f.repeatedReads.reduce((g, a) => ({ ...g, [a]: [...(g[a] ?? []), a] }), {})).map(([a, xs]) => `${a.replace(/^POST \//, '')}${xs.length > 1 ? ` x${xs.length}` : ''}`);
      rows.push([`${label}: repeated reads`, String(f.repeatedReads.length), '', '', '0', yes(f.repeatedReads.length === 0)]);
      if (repeated.length) notes.push(`${label}, read more than once: ${repeated.join(', ')}`);
      if (f.exitCodes.some((c) => c !== 0 && c !== 1)) rows.push([`${label}: ended with exit ${f.exitCodes.join('/')}; see latest.json`, '', '', '', '', 'NO']);
    };
    const missing = rt.dayOne.stepsNotAvailable ?? [];
    const dayLabel = missing.length === 0 ? 'day-one setup --ci --yes' : missing.length === 7 ? 'day-one (preflight only, no step built yet)' : `day-one (${7 - missing.length} of 7 steps built)`;
    flowRows('verify --ci --json', rt.verify, '<= 4', (f) => yes(f.criticalPathRoundTrips <= 4));
    flowRows(dayLabel, rt.dayOne, 'concurrent', (f) => yes(f.maxInFlight > 1 || f.requests <= 1));
  }
  const vs = results.verifyScale;
  if (vs) {
    for (const r of vs.rows) {
      const big = r.users === SCALE_USERS[SCALE_USERS.length - 1];
      rows.push([`verify at ${r.users} users: AWS calls, max in flight`, `${r.requests}, ${r.maxInFlight}`, '', '', big ? `<= ${vs.target.requestsAt2000}` : '', big ? yes(r.requests <= vs.target.requestsAt2000) : '']);
      rows.push([`verify at ${r.users} users: wall (${vs.delayMs} ms delay)`, ms(r.wallMs), '', '', '', '']);
      if (r.unknown.length) notes.push(`verify at ${r.users} users, unknown: ${r.unknown.join(', ')}`);
    }
    rows.push([`verify wall ${SCALE_USERS[SCALE_USERS.length - 1]} / ${SCALE_USERS[0]} users`, ms(vs.rows[vs.rows.length - 1].wallMs), ms(vs.rows[0].wallMs), round(vs.ratio), `<= ${vs.target.ratio}`, yes(vs.ratio <= vs.target.ratio)]);
    notes.push(`verify scale: ${vs.runs} runs each, interleaved; load average during the run ${vs.loadAverage.join(' / ')}`);
  }
  const os = results.orgScale;
  if (os) {
    rows.push([`verify --org, ${os.members} members: AWS calls, max in flight`, `${os.org.requests}, ${os.org.maxInFlight}`, `${os.one.requests}, ${os.one.maxInFlight}`, '', '', '']);
    rows.push([`verify --org wall, ${os.members} members / one account`, ms(os.org.wallMs), ms(os.one.wallMs), round(os.ratio), `<= ${os.target.ratio}`, yes(os.ratio <= os.target.ratio)]);
    notes.push(`org scale: ${os.runs} runs each, interleaved, exit codes ${os.org.exitCodes.join('/')} (moto has no root user: root-mfa fails); load average ${os.loadAverage.join(' / ')}`);
  }
  const fp = results.footprint;
  if (fp) {
    rows.push(['tarball (npm pack)', mb(fp.tarballBytes), '1.50 MB', round(fp.tarballBytes / 1.5e6), '<= 1.0', yes(fp.tarballBytes <= 1.5e6)]);
    rows.push(['installed size vs the deps unbundled', mb(fp.installedBytes), mb(fp.unbundledBytes), round(fp.installedBytes / fp.unbundledBytes), '', '']);
    rows.push(['installed packages (runtime deps)', `${fp.installedPackages} (${fp.runtimeDependencies.length})`, '', '', '1 (0)', yes(fp.installedPackages === 1 && fp.runtimeDependencies.length === 0)]);
    rows.push(['packed files outside bin/dist/policies/docs', String(fp.unexpectedFiles.length), '', '', '0', yes(fp.unexpectedFiles.length === 0 && fp.notices)]);
  }
  const mem = results.memory;
  if (mem) {
    if (!mem.available) rows.push([`peak RSS: not measured (${mem.why})`, '', '', '', '', '']);
    else {
      rows.push(['peak RSS: wizard --demo, several screens', `${Math.round(mem.wizardMb)} MB`, `${Math.round(mem.nodeMb)} MB`, round(mem.wizardMb / mem.nodeMb, 1), '<= 150 MB', yes(mem.wizardMb <= 150)]);
      const d = results.roundTrips?.dayOne;
      if (d?.available) rows.push(['peak RSS: setup --ci --yes (moto)', `${Math.round(d.peakRssMb)} MB`, `${Math.round(mem.nodeMb)} MB`, round(d.peakRssMb / mem.nodeMb, 1), '<= 150 MB', yes(d.peakRssMb <= 150)]);
      if (mem.verifyMb === null) rows.push(['peak RSS: verify: not yet available in this build', '', '', '', '<= 150 MB', '']);
      else rows.push(['peak RSS: verify --ci --json (moto)', `${Math.round(mem.verifyMb)} MB`, `${Math.round(mem.nodeMb)} MB`, round(mem.verifyMb / mem.nodeMb, 1), '<= 150 MB', yes(mem.verifyMb <= 150)]);
    }
  }
  const m = results.machine;
  process.stdout.write(`\nmvsp-setup bench · ${RUNS} runs each · ${m.nproc} × ${m.cpu} · Node ${m.node} · ${results.seconds} s\n\n${table(rows)}\n${notes.map((n) => `\n${n}`).join('')}\n`);
  mkdirSync('bench-results', { recursive: true });
  writeFileSync('bench-results/latest.json', `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write('\nwritten: bench-results/latest.json\n');
}

await main();
