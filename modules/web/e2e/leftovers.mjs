// What a journey's pod leaves on the machine's shared servers, removed afterwards as the Java tests'
// Leftovers does: its JetStream streams (named <PREFIX>_…) and its Redis keys.
import { connect } from 'node:net';
import { execFileSync } from 'node:child_process';

/** A minimal NATS client: enough of the text protocol for JetStream's stream API requests. */
function natsRequests(url, requests) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port || 4222), hostname);
    const answers = [];
    let buffer = '';
    let started = false;
    const send = (subject, body) => socket.write(`PUB ${subject} _INBOX.e2e ${Buffer.byteLength(body)}\r\n${body}\r\n`);
    const next = () => {
      const request = requests(answers);
      if (!request) {
        socket.end();
        resolve(answers);
        return;
      }
      send(request.subject, request.body ?? '');
    };
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        const end = buffer.indexOf('\r\n');
        if (end < 0) {
          return;
        }
        const line = buffer.slice(0, end);
        if (line.startsWith('MSG ')) {
          const size = Number(line.split(' ').pop());
          if (buffer.length < end + 2 + size + 2) {
            return;
          }
          answers.push(JSON.parse(buffer.slice(end + 2, end + 2 + size)));
          buffer = buffer.slice(end + 2 + size + 2);
          next();
          continue;
        }
        buffer = buffer.slice(end + 2);
        if (line.startsWith('INFO') && !started) {
          started = true;
          socket.write('CONNECT {"verbose":false,"pedantic":false}\r\nSUB _INBOX.e2e 1\r\n');
          next();
        } else if (line === 'PING') {
          socket.write('PONG\r\n');
        } else if (line.startsWith('-ERR')) {
          reject(new Error(line));
        }
      }
    });
    socket.on('error', reject);
  });
}

export async function deleteStreams(natsUrl, prefix) {
  try {
    let names;
    await natsRequests(natsUrl, (answers) => {
      if (answers.length === 0) {
        return { subject: '$JS.API.STREAM.NAMES', body: '{}' };
      }
      names ??= (answers[0].streams ?? []).filter((name) => name.startsWith(`${prefix.toUpperCase()}_`));
      const index = answers.length - 1;
      return index < names.length ? { subject: `$JS.API.STREAM.DELETE.${names[index]}` } : undefined;
    });
  } catch (error) {
    console.error(`e2e: could not delete the streams of ${prefix}: ${error.message}`);
  }
}

export function deleteKeys(redisUrl, prefix) {
  try {
    const { hostname, port } = new URL(redisUrl);
    const args = ['-h', hostname, '-p', port || '6379'];
    const keys = execFileSync('redis-cli', [...args, '--scan', '--pattern', `${prefix}*`], { encoding: 'utf8' })
      .split('\n').filter(Boolean);
    for (let i = 0; i < keys.length; i += 500) {
      execFileSync('redis-cli', [...args, 'DEL', ...keys.slice(i, i + 500)], { stdio: 'ignore' });
    }
  } catch (error) {
    console.error(`e2e: could not delete the Redis keys of ${prefix}: ${error.message}`);
  }
}
