/**
 * The operator's C2PA signing credentials: a P-256 private key and an X.509 chain whose end-entity
 * certificate fits the C2PA certificate profile (key usage digitalSignature, critical; extended key
 * usage for document signing; issued by a CA, since c2pa-rs refuses self-signed signers). A local
 * install makes its own CA at first start; an operator with a real CA passes that chain instead.
 */
import { createPrivateKey, webcrypto, X509Certificate as NodeX509, type KeyObject } from 'node:crypto'

export interface C2paCredentialsPem {
  /** PKCS#8 PEM of the P-256 signing key (a secret). */
  privateKeyPem: string
  /** PEM certificates, end-entity first, then the CA(s). */
  certChainPem: string
}

export interface C2paCredentials {
  privateKey: KeyObject
  /** DER certificates, end-entity first. */
  chain: Uint8Array[]
  /** The end-entity certificate's subject, for logs. */
  subject: string
}

/** Bad or mismatched credentials: named so config can say which variable is wrong. */
export class C2paCredentialsError extends Error {
  override name = 'C2paCredentialsError'
  constructor(
    /** Which of the two is at fault. */
    readonly part: 'key' | 'chain',
    message: string,
  ) {
    super(message)
  }
}

const EKU_DOCUMENT_SIGNING = '1.3.6.1.5.5.7.3.36'
const EC_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const
const ES256 = { name: 'ECDSA', hash: 'SHA-256' } as const
const DAY_MS = 24 * 60 * 60 * 1000

/**
 * A new CA and a signing certificate it issues, for an operator named `operator` (it appears as the
 * signer in every manifest). The CA's private key is thrown away: nothing else is ever issued.
 */
export async function makeOperatorCredentials(operator: string, validDays = 3650): Promise<C2paCredentialsPem> {
  // Loaded only here (first start, tests): @peculiar/x509 resolves algorithms through tsyringe, which
  // needs the Reflect metadata polyfill, and no service should carry that global for nothing.
  await import('reflect-metadata')
  const x509 = await import('@peculiar/x509')
  // Node's WebCrypto is the standard one; the library is typed against the DOM's.
  const crypto = webcrypto as unknown as Parameters<typeof x509.X509CertificateGenerator.create>[1] & object
  const notBefore = new Date(Date.now() - DAY_MS)
  const notAfter = new Date(Date.now() + validDays * DAY_MS)
  const caKeys = await crypto.subtle.generateKey(EC_P256, true, ['sign', 'verify'])
  const org = escapeDn(operator)
  const ca = await x509.X509CertificateGenerator.createSelfSigned(
    {
      name: `CN=${org} C2PA CA, O=${org}`,
      keys: caKeys,
      notBefore,
      notAfter,
      signingAlgorithm: ES256,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
      ],
    },
    crypto,
  )
  const keys = await crypto.subtle.generateKey(EC_P256, true, ['sign', 'verify'])
  const leaf = await x509.X509CertificateGenerator.create(
    {
      subject: `CN=${org} video signer, O=${org}`,
      issuer: ca.subject,
      publicKey: keys.publicKey,
      signingKey: caKeys.privateKey,
      notBefore,
      notAfter,
      signingAlgorithm: ES256,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([EKU_DOCUMENT_SIGNING, x509.ExtendedKeyUsage.emailProtection], false),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
        await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
      ],
    },
    crypto,
  )
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', keys.privateKey))
  return {
    privateKeyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'),
    certChainPem: `${leaf.toString('pem')}\n${ca.toString('pem')}\n`,
  }
}

/** Parses PEM credentials and checks that the key is the end-entity certificate's key. */
export function parseC2paCredentials(pem: C2paCredentialsPem): C2paCredentials {
  let privateKey: KeyObject
  try {
    privateKey = createPrivateKey(pem.privateKeyPem)
  } catch (err) {
    throw new C2paCredentialsError('key', `not a PEM private key: ${(err as Error).message}`)
  }
  if (privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new C2paCredentialsError('key', 'the signing key must be an ECDSA P-256 key (ES256)')
  }
  const blocks = pem.certChainPem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []
  if (blocks.length === 0) throw new C2paCredentialsError('chain', 'the certificate chain holds no PEM certificate')
  let certs: NodeX509[]
  try {
    certs = blocks.map((b) => new NodeX509(b))
  } catch (err) {
    throw new C2paCredentialsError('chain', `a certificate in the chain does not parse: ${(err as Error).message}`)
  }
  const leaf = certs[0]!
  if (!leaf.checkPrivateKey(privateKey)) throw new C2paCredentialsError('key', 'the signing key does not belong to the first certificate of the chain')
  if (Date.parse(leaf.validTo) < Date.now()) throw new C2paCredentialsError('chain', `the signing certificate expired on ${leaf.validTo}`)
  return { privateKey, chain: certs.map((c) => new Uint8Array(c.raw)), subject: leaf.subject.replace(/\n/g, ', ') }
}

/** Keeps an operator's name from breaking out of its DN attribute. */
function escapeDn(value: string): string {
  return value.replace(/[\\,+="<>;#]/g, (c) => `\\${c}`).trim() || 'Framewright'
}
