// A real pod for the browser tests: the pod Maven built (modules/pod/target), on loopback ports of
// its own, against the machine's PostgreSQL (a fresh database, dropped afterwards), Redis and NATS
// (own key prefix and stream prefix), one territory, and mails written to its log, which the tests read.
import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:http';
import { deleteKeys, deleteStreams } from './leftovers.mjs';

const root = new URL('../../../', import.meta.url).pathname;

function javaHome() {
  for (const candidate of [process.env.JAVA_HOME, '/usr/lib/jvm/temurin-25-jdk-amd64', '/usr/lib/jvm/temurin-25-jdk']) {
    if (candidate && existsSync(join(candidate, 'bin/java'))) {
      return candidate;
    }
  }
  throw new Error('e2e: a JDK 25 is needed (JAVA_HOME)');
}

function psql(sql) {
  const url = new URL((process.env.AGORA_TEST_DB_URL ?? 'jdbc:postgresql://127.0.0.1:5432/postgres').replace(/^jdbc:/, ''));
  execFileSync('psql', ['-h', url.hostname, '-p', url.port || '5432', '-U', process.env.AGORA_TEST_DB_USER ?? 'postgres',
    '-d', 'postgres', '-qc', sql], { stdio: ['ignore', 'ignore', 'inherit'] });
  return url;
}

/** Starts a pod serving `territory`; resolves once it answers. */
export async function startPod({ port = 18480, territory = 'TH', language = 'en' } = {}) {
  const jar = join(root, 'modules/pod/target/agora-pod.jar');
  if (!existsSync(jar)) {
    throw new Error(`e2e: ${jar} is missing: build the pod first (./agora test does)`);
  }
  const suffix = `${Date.now()}_${randomBytes(3).toString('hex')}`;
  const database = `agora_web_e2e_${suffix}`;
  const server = psql(`CREATE DATABASE ${database}`);
  const home = join(root, 'modules/web/target/e2e-pod');
  mkdirSync(home, { recursive: true });
  const base = `http://127.0.0.1:${port}`;
  const operatorToken = randomBytes(24).toString('hex');
  const env = {
    ...process.env,
    AGORA_HOME: home,
    SERVER_PORT: String(port),
    AGORA_OPERATOR_PORT: String(port + 1),
    AGORA_OPERATOR_TOKEN: operatorToken,
    AGORA_DB_URL: `jdbc:postgresql://${server.hostname}:${server.port || 5432}/${database}`,
    AGORA_DB_USER: process.env.AGORA_TEST_DB_USER ?? 'postgres',
    AGORA_REDIS_URL: process.env.AGORA_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    AGORA_REDIS_PREFIX: `agora_web_e2e_${suffix}:`,
    AGORA_NATS_URL: process.env.AGORA_TEST_NATS_URL ?? 'nats://127.0.0.1:4222',
    AGORA_EVENTS_PREFIX: `webe2e${suffix.replace(/_/g, '')}`,
    AGORA_TERRITORY_SEED: `${territory}:${territory}:${language}`,
    AGORA_TERRITORIES_DEFAULT: territory,
    AGORA_AUTH_EMAIL_VERIFICATION_dash_LINK: `${base}/verify-email`,
    AGORA_AUTH_PASSWORD_dash_RESET_LINK: `${base}/reset-password`,
    AGORA_AUTH_EMAIL_CHANGE_dash_LINK: `${base}/confirm-email`,
  };
  const java = join(javaHome(), 'bin/java');
  const child = spawn(java, ['--enable-native-access=ALL-UNNAMED,org.bouncycastle.lts.prov,agora.platform.password',
    '-p', `${jar}:${join(root, 'modules/pod/target/lib')}`, '--add-modules', 'ALL-MODULE-PATH',
    '-m', 'agora.platform.host/agora.platform.host.Main'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (chunk) => { log += chunk; });
  child.stderr.on('data', (chunk) => { log += chunk; });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  // Four minutes: on a loaded two-core machine a first start (migrations, keys) can take a while.
  const deadline = Date.now() + 240_000;
  const giveUp = async (why) => {
    child.kill('SIGKILL');
    await exited;
    psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await deleteStreams(env.AGORA_NATS_URL, env.AGORA_EVENTS_PREFIX);
    deleteKeys(env.AGORA_REDIS_URL, env.AGORA_REDIS_PREFIX);
    throw new Error(`e2e: ${why}:\n${log}`);
  };
  for (;;) {
    if (child.exitCode !== null) {
      await giveUp('the pod exited');
    }
    try {
      const answer = await fetch(`${base}/api/territories/${territory}`);
      if (answer.ok) {
        break;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await giveUp('the pod did not answer within four minutes');
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    base,
    territory,
    log: () => log,
    /** The newest link to `page` in a mail the pod logged to `email`, waiting for it to be written. */
    async mailLink(email, page) {
      const until = Date.now() + 30_000;
      for (;;) {
        const mails = log.split(/Mail to /).filter((mail) => mail.startsWith(email));
        const links = mails.flatMap((mail) => [...mail.matchAll(new RegExp(`${base}/${page}\\?[^\\s"<>]+`, 'g'))].map((m) => m[0]));
        if (links.length > 0) {
          return links[links.length - 1];
        }
        if (Date.now() > until) {
          throw new Error(`e2e: no mail to ${email} with a ${page} link in the pod's log`);
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    /**
     * A one-time territory-admin invitation from the operator listener, asked as ./agora asks (plain
     * HTTP: the listener refuses anything that looks like a browser, which Node's fetch does).
     */
    bootstrapInvitation() {
      return new Promise((resolve, reject) => {
        const call = request({ host: '127.0.0.1', port: port + 1, method: 'POST',
          path: `/operator/auth/territories/${territory}/bootstrap-invitation`,
          headers: { Authorization: `Bearer ${operatorToken}` } }, (answer) => {
          let body = '';
          answer.on('data', (chunk) => { body += chunk; });
          answer.on('end', () => (answer.statusCode === 201 ? resolve(JSON.parse(body).token)
            : reject(new Error(`e2e: bootstrap invitation: ${answer.statusCode} ${body}`))));
        });
        call.on('error', reject);
        call.end();
      });
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
      psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await deleteStreams(env.AGORA_NATS_URL, env.AGORA_EVENTS_PREFIX);
      deleteKeys(env.AGORA_REDIS_URL, env.AGORA_REDIS_PREFIX);
    },
  };
}
