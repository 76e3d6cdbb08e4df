package org.capif.authz;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Verifies access tokens with SmallRye JWT (an independent implementation) against a published JWK Set. */
public final class Tokens {

    public static final String ISSUER = "https://capif.test/capif-security";

    private Tokens() {}

    public static JsonWebToken verify(String token, String jwks) throws ParseException {
        JWTAuthContextInfo info = new JWTAuthContextInfo();
        info.setPublicKeyContent(jwks);
        info.setIssuedBy(ISSUER);
        info.setSignatureAlgorithm(Set.of(SignatureAlgorithm.ES256));
        info.setRequiredClaims(Set.of("jti", "iat", "exp", "sub", "scope", "client_id", "cnf"));
        return new DefaultJWTParser(info).parse(token);
    }
}
