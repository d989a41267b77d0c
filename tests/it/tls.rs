//! TLS on the gRPC port with certificates made by the test: clients that
//! trust the server's certificate are served, plaintext clients are not, and
//! with a client CA only clients holding a certificate it signed get in.

use crate::common;

use common::{ARTICLE, TestServer, text_request};
use precis::proto::summary_service_client::SummaryServiceClient;
use precis::server::{ServerConfig, Tls};
use rcgen::{
    BasicConstraints, CertificateParams, CertifiedKey, IsCa, Issuer, KeyPair,
    generate_simple_self_signed,
};
use tonic::transport::{Certificate, Channel, ClientTlsConfig, Endpoint, Identity};

/// A self-signed certificate for `localhost`, as (certificate, key) PEM.
fn server_certificate() -> (String, String) {
    let CertifiedKey { cert, signing_key } =
        generate_simple_self_signed(vec!["localhost".to_string()]).expect("a certificate");
    (cert.pem(), signing_key.serialize_pem())
}

/// A certificate authority for clients: its certificate PEM and an issuer.
fn client_ca() -> (String, Issuer<'static, KeyPair>) {
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let key = KeyPair::generate().unwrap();
    let certificate = params.self_signed(&key).unwrap();
    (certificate.pem(), Issuer::new(params, key))
}

/// A client certificate signed by `issuer`, as (certificate, key) PEM.
fn client_certificate(issuer: &Issuer<'static, KeyPair>) -> (String, String) {
    let key = KeyPair::generate().unwrap();
    let certificate = CertificateParams::new(vec!["newsroom-client".to_string()])
        .unwrap()
        .signed_by(&key, issuer)
        .unwrap();
    (certificate.pem(), key.serialize_pem())
}

/// Connects over TLS, trusting `server_pem`, presenting `identity` if any.
async fn tls_client(
    server: &TestServer,
    server_pem: &str,
    identity: Option<(String, String)>,
) -> Result<SummaryServiceClient<Channel>, tonic::transport::Error> {
    let mut tls = ClientTlsConfig::new()
        .ca_certificate(Certificate::from_pem(server_pem))
        .domain_name("localhost");
    if let Some((certificate, key)) = identity {
        tls = tls.identity(Identity::from_pem(certificate, key));
    }
    let channel = Endpoint::from_shared(format!("https://{}", server.addr))
        .unwrap()
        .tls_config(tls)?
        .connect()
        .await?;
    Ok(SummaryServiceClient::new(channel))
}

#[tokio::test]
async fn tls_clients_are_served_and_plaintext_ones_are_not() {
    let (certificate, key) = server_certificate();
    let server = TestServer::start(ServerConfig {
        tls: Some(Tls::from_pem(certificate.clone(), key, None)),
        ..ServerConfig::default()
    })
    .await;

    let mut client = tls_client(&server, &certificate, None)
        .await
        .expect("a TLS connection");
    let summary = client
        .summarize(text_request(ARTICLE))
        .await
        .expect("a summary over TLS");
    assert!(!summary.into_inner().sentences.is_empty());

    let plaintext = Endpoint::from_shared(format!("http://{}", server.addr))
        .unwrap()
        .connect()
        .await;
    if let Ok(channel) = plaintext {
        SummaryServiceClient::new(channel)
            .summarize(text_request(ARTICLE))
            .await
            .expect_err("a plaintext call to a TLS port fails");
    }

    let (stranger, _) = server_certificate();
    let untrusting = tls_client(&server, &stranger, None).await;
    if let Ok(mut client) = untrusting {
        client
            .summarize(text_request(ARTICLE))
            .await
            .expect_err("a client that does not trust the certificate is not served");
    }
}

#[tokio::test]
async fn with_a_client_ca_only_its_clients_get_in() {
    let (certificate, key) = server_certificate();
    let (ca_pem, issuer) = client_ca();
    let server = TestServer::start(ServerConfig {
        tls: Some(Tls::from_pem(
            certificate.clone(),
            key,
            Some(ca_pem.into_bytes()),
        )),
        ..ServerConfig::default()
    })
    .await;

    let mut member = tls_client(&server, &certificate, Some(client_certificate(&issuer)))
        .await
        .expect("a connection with a client certificate");
    member
        .summarize(text_request(ARTICLE))
        .await
        .expect("a client with a certificate from the CA is served");

    if let Ok(mut anonymous) = tls_client(&server, &certificate, None).await {
        anonymous
            .summarize(text_request(ARTICLE))
            .await
            .expect_err("a client without a certificate is refused");
    }

    let (_, other_issuer) = client_ca();
    let outsider = tls_client(
        &server,
        &certificate,
        Some(client_certificate(&other_issuer)),
    )
    .await;
    if let Ok(mut outsider) = outsider {
        outsider
            .summarize(text_request(ARTICLE))
            .await
            .expect_err("a client with a certificate from another CA is refused");
    }
}
