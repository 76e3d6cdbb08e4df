package org.capif.testing.http;

import static io.restassured.RestAssured.given;

import io.restassured.config.RestAssuredConfig;
import io.restassured.config.SSLConfig;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import org.capif.testing.pki.Credential;
import org.capif.testing.pki.TestPki;

/** REST Assured requests over TLS to a service under test, anonymous or with a client certificate. */
public final class Https {

    private Https() {}

    /** Server-authenticated TLS only (the onboarding case, TS 33.122 §6.1). */
    public static RequestSpecification anonymous(TestPki pki, URL base) {
        return given().baseUri(origin(base))
                .config(RestAssuredConfig.config()
                        .sslConfig(SSLConfig.sslConfig()
                                .trustStore(pki.trustStore().toFile(), TestPki.STORE_PASSWORD)
                                .trustStoreType("PKCS12")));
    }

    /** Mutual TLS with the given client credential. */
    public static RequestSpecification as(TestPki pki, URL base, Credential client) {
        return given().baseUri(origin(base))
                .config(RestAssuredConfig.config()
                        .sslConfig(SSLConfig.sslConfig()
                                .trustStore(pki.trustStore().toFile(), TestPki.STORE_PASSWORD)
                                .trustStoreType("PKCS12")
                                .keyStore(pki.keyStore(client).toFile(), TestPki.STORE_PASSWORD)
                                .keystoreType("PKCS12")));
    }

    private static String origin(URL base) {
        return base.getProtocol() + "://" + base.getHost() + ":" + base.getPort();
    }
}
