// Runs WeCom's own @wecom/crypto for WeComAiBotCryptoTest: reads a JSON array of operations on stdin and writes
// a JSON array of results on stdout.
const wecom = require('@wecom/crypto');

let input = '';
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const results = JSON.parse(input).map((op) => {
    switch (op.op) {
      case 'encrypt':
        return { encrypt: wecom.encrypt(op.key, op.message, op.id) };
      case 'decrypt': {
        const plain = wecom.decrypt(op.key, op.encrypt);
        return { message: plain.message, id: plain.id };
      }
      case 'sign':
        return { signature: wecom.getSignature(op.token, op.timestamp, op.nonce, op.encrypt) };
      default:
        throw new Error(`unknown operation ${op.op}`);
    }
  });
  process.stdout.write(JSON.stringify(results));
});
