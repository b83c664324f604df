// The clients' flow (client_flow.py) through an npm WinRM client, winrm-client, with NTLM: its
// sendHttp makes the handshake (raw NTLMSSP in the Negotiate scheme, a connection per call) and
// posts the envelope. Prints "ok STEP" per step, or "failed STEP: why" and exits 1.
//   node flow.js HOST PORT USER PASSWORD
'use strict';
const { sendHttp } = require('winrm-client/dist/src/utils/http');

const [host, port, user, password] = process.argv.slice(2);
const wmi = 'http://schemas.microsoft.com/wbem/wsman/1/wmi/root/HyperVCluster/v2/';
const anonymous = 'http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous';
const APP_02 = '5E3A0004-1004-4004-8004-A00000000004';
let sequence = 0;

function envelope(action, resource, selectors, body) {
  const keys = Object.entries(selectors || {}).map(([k, v]) => `<w:Selector Name="${k}">${v}</w:Selector>`).join('');
  sequence += 1;
  return '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" ' +
    'xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:n="http://schemas.xmlsoap.org/ws/2004/09/enumeration" ' +
    'xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"><s:Header>' +
    `<a:To>http://${host}:${port}/wsman</a:To>` +
    (resource ? `<w:ResourceURI s:mustUnderstand="true">${resource}</w:ResourceURI>` : '') +
    `<a:ReplyTo><a:Address s:mustUnderstand="true">${anonymous}</a:Address></a:ReplyTo>` +
    (action ? `<a:Action s:mustUnderstand="true">${action}</a:Action>` : '') +
    `<w:MaxEnvelopeSize s:mustUnderstand="true">153600</w:MaxEnvelopeSize>` +
    `<a:MessageID>uuid:00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}</a:MessageID>` +
    `<w:OperationTimeout>PT20S</w:OperationTimeout>` +
    (keys ? `<w:SelectorSet>${keys}</w:SelectorSet>` : '') +
    `</s:Header><s:Body>${body || ''}</s:Body></s:Envelope>`;
}

// The first value under a key that ends with `name` (the parser keeps prefixes: "p:JobState").
function find(node, name, test = () => true) {
  if (node === null || typeof node !== 'object') return undefined;
  for (const [key, value] of Object.entries(node)) {
    if ((key === name || key.endsWith(':' + name)) && test(value)) return value;
    const found = find(value, name, test);
    if (found !== undefined) return found;
  }
  return undefined;
}

const text = (value) => (value !== null && typeof value === 'object' ? value._ : value);

async function step(name, message, check) {
  let answer;
  try {
    answer = await sendHttp(message, host, Number(port), '/wsman', user, password, 'ntlm', 30000, false);
  } catch (error) {
    console.log(`failed ${name}: ${error.message}`);
    process.exit(1);
  }
  const result = check(answer);
  if (result === undefined || result === false) {
    console.log(`failed ${name}: ${JSON.stringify(answer).slice(0, 2000)}`);
    process.exit(1);
  }
  console.log('ok ' + name);
  return result;
}

async function main() {
  await step('identify', '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" ' +
    'xmlns:wsmid="http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd"><s:Header/><s:Body><wsmid:Identify/></s:Body></s:Envelope>',
  (a) => find(a, 'ProductVendor'));
  const context = await step('enumerate', envelope('http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate', wmi + '*', null,
    '<n:Enumerate><w:Filter Dialect="http://schemas.microsoft.com/wbem/wsman/1/WQL">' +
    "SELECT * FROM Msvm_ComputerSystem WHERE Caption = 'Virtual Machine'</w:Filter></n:Enumerate>"),
  (a) => text(find(a, 'EnumerationContext')));
  await step('pull', envelope('http://schemas.xmlsoap.org/ws/2004/09/enumeration/Pull', wmi + '*', null,
    `<n:Pull><n:EnumerationContext>${context}</n:EnumerationContext><n:MaxElements>50</n:MaxElements></n:Pull>`),
  (a) => find(a, 'Msvm_ComputerSystem'));
  await step('get', envelope('http://schemas.xmlsoap.org/ws/2004/09/transfer/Get', wmi + 'Msvm_MigrationJob',
    { InstanceID: 'Microsoft:8B9A1C2D-3E4F-4A5B-8C6D-7E8F9A0B1C01' }), (a) => find(a, 'Msvm_MigrationJob'));
  // Invoke: a live migration of app-02, polled, then terminated so the VM stays where it is.
  const service = wmi + 'Msvm_VirtualSystemMigrationService';
  const job = await step('invoke', envelope(`${service}/MigrateVirtualSystemToHost`, service,
    { SystemCreationClassName: 'Msvm_ComputerSystem', SystemName: 'HV-NODE2',
      CreationClassName: 'Msvm_VirtualSystemMigrationService', Name: 'migrationwmi' },
    `<p:MigrateVirtualSystemToHost_INPUT xmlns:p="${service}"><p:ComputerSystem><a:Address>${anonymous}</a:Address>` +
    `<a:ReferenceParameters><w:ResourceURI>${wmi}Msvm_ComputerSystem</w:ResourceURI><w:SelectorSet>` +
    `<w:Selector Name="CreationClassName">Msvm_ComputerSystem</w:Selector><w:Selector Name="Name">${APP_02}</w:Selector>` +
    '</w:SelectorSet></a:ReferenceParameters></p:ComputerSystem><p:DestinationHost>HV-NODE1</p:DestinationHost>' +
    '</p:MigrateVirtualSystemToHost_INPUT>'),
  (a) => String(text(find(a, 'ReturnValue'))) === '4096' &&
    text([].concat(find(a, 'Selector') || []).find((s) => s.$ && s.$['@_Name'] === 'InstanceID')));
  const jobClass = wmi + 'Msvm_MigrationJob';
  await step('poll', envelope('http://schemas.xmlsoap.org/ws/2004/09/transfer/Get', jobClass, { InstanceID: job }),
    (a) => String(text(find(a, 'JobState'))) === '4');
  await step('terminate', envelope(`${jobClass}/RequestStateChange`, jobClass, { InstanceID: job },
    `<p:RequestStateChange_INPUT xmlns:p="${jobClass}"><p:RequestedState>4</p:RequestedState></p:RequestStateChange_INPUT>`),
  (a) => String(text(find(a, 'ReturnValue'))) === '0');
  await step('terminated', envelope('http://schemas.xmlsoap.org/ws/2004/09/transfer/Get', jobClass, { InstanceID: job }),
    (a) => String(text(find(a, 'JobState'))) === '8');
}

main();
