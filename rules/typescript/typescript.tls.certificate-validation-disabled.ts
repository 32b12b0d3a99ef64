import * as https from "https";
import axios from "axios";

// ruleid: typescript.tls.certificate-validation-disabled
const agent: https.Agent = new https.Agent({ rejectUnauthorized: false });

export async function get(url: string): Promise<unknown> {
  const client = axios.create({
    // ruleid: typescript.tls.certificate-validation-disabled
    httpsAgent: new https.Agent({ keepAlive: true, rejectUnauthorized: false }),
  });
  return client.get(url);
}

// ok: typescript.tls.certificate-validation-disabled
const strict: https.Agent = new https.Agent({ rejectUnauthorized: true });
// ok: typescript.tls.certificate-validation-disabled
const custom: https.Agent = new https.Agent({ ca: process.env.CA_PEM });
