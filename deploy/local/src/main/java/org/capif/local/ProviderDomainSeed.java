package org.capif.local;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.capif.common.cert.CapifRole;
import org.capif.common.cert.Pem;
import org.capif.common.cert.Thumbprints;
import org.capif.common.datastore.CapifService;
import org.capif.common.datastore.CapifTopics;
import org.capif.common.event.EventCodec;
import org.capif.common.event.ProviderEvent;
import org.capif.common.event.ProviderEventType;
import org.capif.common.event.ProviderFunction;
import org.capif.common.event.ProviderStatus;
import org.capif.common.outbox.TopicProvisioner;
import org.capif.testing.kafka.TopicWriter;

/**
 * Until provider management runs in the local stack: what it would have done for the demo AEF. Creates its topics (as
 * the Kafka administrator, as an operator may) so that the services that consume them become ready, and registers
 * {@code aef-demo} with its local certificate in a provider event, so that the authorization function and the token
 * validator accept that certificate (they accept AEF certificates only while registered). Idempotent: the same
 * event every start (its sequence is the certificate's issue time), which consumers ignore once applied.
 */
final class ProviderDomainSeed {

    static final String DOMAIN = "domain-" + LocalPki.AEF_ID;

    private ProviderDomainSeed() {}

    static void seed(LocalPki pki, String bootstrap) throws Exception {
        Map<String, Object> admin = pki.kafka().adminClient(bootstrap);
        TopicProvisioner.ensure(
                admin,
                CapifService.PROVIDER_MANAGEMENT.writes().stream()
                        .map(t -> TopicProvisioner.compacted(t, 1, (short) 1))
                        .toList());
        Path cert = pki.file(LocalPki.AEF_ID + ".crt");
        var certificate = Pem.certificate(Pem.read(cert));
        // the sequence grows with the certificate's issue time, so a re-issued demo certificate replaces the old one
        long sequence = certificate.getNotBefore().getTime() / 1000;
        ProviderEvent registered = new ProviderEvent(
                UUID.nameUUIDFromBytes((DOMAIN + "|" + sequence).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                ProviderEventType.API_PROVIDER_REGISTERED,
                ProviderEvent.SCHEMA_VERSION,
                Instant.ofEpochSecond(sequence),
                DOMAIN,
                sequence,
                ProviderStatus.REGISTERED,
                List.of(new ProviderFunction(
                        LocalPki.AEF_ID,
                        CapifRole.AEF,
                        Thumbprints.x5tS256(certificate),
                        certificate.getNotAfter().toInstant())));
        TopicWriter.send(admin, CapifTopics.PROVIDER_EVENTS, DOMAIN, EventCodec.encode(registered));
    }
}
