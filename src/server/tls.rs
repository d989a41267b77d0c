//! TLS on the gRPC port (rustls with the ring provider), and optionally
//! client certificates: with a client CA, only clients holding a
//! certificate it signed can connect.

use std::path::Path;

use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use tonic::transport::{Certificate, Identity, ServerTlsConfig};

/// The server's certificate chain and key, and the CA its clients'
/// certificates must come from, all PEM.
#[derive(Clone)]
pub struct Tls {
    certificate_chain: Vec<u8>,
    private_key: Vec<u8>,
    client_ca: Option<Vec<u8>>,
}

impl std::fmt::Debug for Tls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Tls(key hidden, client certificates: {})",
            self.client_ca.is_some()
        )
    }
}

/// Why TLS cannot be set up from files: which file, and what is wrong.
#[derive(Debug, thiserror::Error)]
#[error("cannot use {what} {path}: {problem}")]
pub struct TlsFileError {
    what: &'static str,
    path: String,
    problem: String,
}

/// What a PEM file of the configuration must hold.
#[derive(Debug, Clone, Copy)]
enum Pem {
    Certificates,
    PrivateKey,
}

impl Pem {
    /// Why `contents` is not what it must be, if it is not.
    fn problem(self, contents: &[u8]) -> Option<String> {
        match self {
            Pem::Certificates => {
                let certificates: Result<Vec<_>, _> =
                    CertificateDer::pem_slice_iter(contents).collect();
                match certificates {
                    Ok(certificates) if certificates.is_empty() => {
                        Some("it holds no PEM certificate (BEGIN CERTIFICATE)".into())
                    }
                    Ok(_) => None,
                    Err(error) => Some(format!("it is not valid PEM: {error}")),
                }
            }
            Pem::PrivateKey => PrivateKeyDer::from_pem_slice(contents)
                .err()
                .map(|error| format!("it holds no usable PEM private key: {error}")),
        }
    }
}

impl Tls {
    /// TLS with a PEM certificate chain and private key; with `client_ca`,
    /// clients must present a certificate that CA signed.
    pub fn from_pem(
        certificate_chain: impl Into<Vec<u8>>,
        private_key: impl Into<Vec<u8>>,
        client_ca: Option<Vec<u8>>,
    ) -> Self {
        Tls {
            certificate_chain: certificate_chain.into(),
            private_key: private_key.into(),
            client_ca,
        }
    }

    /// Reads the PEM files of [`Tls::from_pem`], each checked to hold what
    /// it must; whether the key fits the certificate is checked when the
    /// server starts.
    pub fn from_files(
        certificate_chain: &Path,
        private_key: &Path,
        client_ca: Option<&Path>,
    ) -> Result<Self, TlsFileError> {
        let read = |what, path: &Path, pem: Pem| {
            let failed = |problem| TlsFileError {
                what,
                path: path.display().to_string(),
                problem,
            };
            let contents = std::fs::read(path).map_err(|error| failed(error.to_string()))?;
            match pem.problem(&contents) {
                Some(problem) => Err(failed(problem)),
                None => Ok(contents),
            }
        };
        Ok(Tls {
            certificate_chain: read("the TLS certificate", certificate_chain, Pem::Certificates)?,
            private_key: read("the TLS key", private_key, Pem::PrivateKey)?,
            client_ca: client_ca
                .map(|path| read("the client CA", path, Pem::Certificates))
                .transpose()?,
        })
    }

    /// The transport's view of this configuration.
    pub(super) fn server_config(&self) -> ServerTlsConfig {
        let identity = Identity::from_pem(&self.certificate_chain, &self.private_key);
        let config = ServerTlsConfig::new().identity(identity);
        match &self.client_ca {
            Some(ca) => config.client_ca_root(Certificate::from_pem(ca)),
            None => config,
        }
    }
}
