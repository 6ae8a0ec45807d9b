import { createServer } from 'node:http';
import { IAMClient, GetAccountSummaryCommand } from '@aws-sdk/client-iam';
process.removeAllListeners('warning');
const body = `<GetAccountSummaryResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetAccountSummaryResult><SummaryMap><entry><key>K</key><value>1</value></entry></SummaryMap></GetAccountSummaryResult><ResponseMetadata><RequestId>x</RequestId></ResponseMetadata></GetAccountSummaryResponse>`;
const srv = createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(body) }); res.end(body); }); });
await new Promise(r => srv.listen(0, '127.0.0.1', r));
const endpoint = `http://127.0.0.1:${srv.address().port}`;
process.env.AWS_ENDPOINT_URL = endpoint;
const extra = process.argv[2] === 'explicit' ? { useFipsEndpoint: false, useDualstackEndpoint: false, maxAttempts: 3, defaultsMode: 'standard' } : {};
const mk = () => new IAMClient({ region: 'us-east-1', retryMode: 'adaptive', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, ...extra });
for (let i = 0; i < 30; i++) { const c = mk(); await c.send(new GetAccountSummaryCommand({})); await c.send(new GetAccountSummaryCommand({})); }
const N = 300;
let c0 = process.cpuUsage();
for (let i = 0; i < N; i++) { const c = mk(); await c.send(new GetAccountSummaryCommand({})); }
let c = process.cpuUsage(c0);
console.log(process.argv[2] ?? 'default', 'new client + 1st send CPU ms', ((c.user + c.system) / 1000 / N).toFixed(3));
const cl = mk(); await cl.send(new GetAccountSummaryCommand({}));
c0 = process.cpuUsage();
for (let i = 0; i < N; i++) await cl.send(new GetAccountSummaryCommand({}));
c = process.cpuUsage(c0);
console.log('reuse send CPU ms', ((c.user + c.system) / 1000 / N).toFixed(3));
srv.close(); process.exit(0);
