package org.capif.validator.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.capif.common.api.AefProfile;
import org.capif.common.api.CustomOperation;
import org.capif.common.api.InterfaceDescription;
import org.capif.common.api.Resource;
import org.capif.common.api.ServiceAPIDescription;
import org.capif.common.api.Version;
import org.capif.common.event.ServiceApiEvent;
import org.capif.common.event.ServiceApiEventType;
import org.capif.common.event.ServiceApiStatus;
import org.junit.jupiter.api.Test;

/** The route check of gateway requests against what an API publishes (docs/gateways.md#route-check). */
class PublishedRoutesTest {

    private static long sequence;

    private static ServiceApiEvent api(AefProfile profile) {
        return new ServiceApiEvent(
                UUID.randomUUID(),
                ServiceApiEventType.SERVICE_API_AVAILABLE,
                1,
                Instant.now(),
                "api-" + UUID.randomUUID(),
                ++sequence,
                ServiceApiStatus.PUBLISHED,
                "apf",
                "dom",
                new ServiceAPIDescription(
                        "qos", null, null, List.of(profile), null, null, null, null, null, null, null));
    }

    private static AefProfile profile(List<Version> versions, List<InterfaceDescription> interfaces) {
        return new AefProfile(
                "aef",
                versions,
                "HTTP_1_1",
                "JSON",
                List.of("OAUTH"),
                interfaces == null ? "aef.example" : null,
                interfaces,
                null,
                null,
                null);
    }

    private static boolean allows(AefProfile p, String method, String path) {
        return PublishedRoutes.allows(api(p), p, method, path);
    }

    private static final AefProfile RESOURCES = profile(
            List.of(new Version(
                    "v1",
                    null,
                    List.of(
                            new Resource(
                                    "subs",
                                    "REQUEST_RESPONSE",
                                    "/{scsAsId}/subscriptions",
                                    null,
                                    null,
                                    List.of("GET", "POST"),
                                    null),
                            new Resource(
                                    "sub",
                                    "REQUEST_RESPONSE",
                                    "{scsAsId}/subscriptions/{id}",
                                    "refresh",
                                    List.of(new CustomOperation("REQUEST_RESPONSE", "renew", List.of("PUT"), null)),
                                    null,
                                    null)),
                    List.of(new CustomOperation("REQUEST_RESPONSE", "notify", null, null)))),
            null);

    @Test
    void allowsWhenMethodAndTemplateMatchThenTrue() {
        assertThat(allows(RESOURCES, "GET", "/qos/v1/scs-1/subscriptions")).isTrue();
        assertThat(allows(RESOURCES, "post", "/qos/v1/scs-1/subscriptions?x=1")).isTrue();
        assertThat(allows(RESOURCES, "HEAD", "/qos/v1/scs-1/subscriptions")).isTrue();
        // no operations named: any method on the resource
        assertThat(allows(RESOURCES, "PATCH", "/qos/v1/scs-1/subscriptions/s-1"))
                .isTrue();
        assertThat(allows(RESOURCES, "POST", "/qos/v1/scs-1/subscriptions/s-1/refresh"))
                .isTrue();
        assertThat(allows(RESOURCES, "PUT", "/qos/v1/scs-1/subscriptions/s-1/renew"))
                .isTrue();
        assertThat(allows(RESOURCES, "POST", "/qos/v1/notify")).isTrue();
    }

    @Test
    void allowsWhenMethodPathVersionOrApiDifferThenFalse() {
        assertThat(allows(RESOURCES, "DELETE", "/qos/v1/scs-1/subscriptions")).isFalse();
        assertThat(allows(RESOURCES, "GET", "/qos/v1/notify")).isFalse();
        assertThat(allows(RESOURCES, "POST", "/qos/v1/scs-1/subscriptions/s-1/renew"))
                .isFalse();
        assertThat(allows(RESOURCES, "GET", "/qos/v2/scs-1/subscriptions")).isFalse();
        assertThat(allows(RESOURCES, "GET", "/other/v1/scs-1/subscriptions")).isFalse();
        assertThat(allows(RESOURCES, "GET", "/qos/v1/scs-1/subscriptions/")).isFalse();
        assertThat(allows(RESOURCES, "GET", "/qos/v1//subscriptions")).isFalse();
        assertThat(allows(RESOURCES, "GET", "/prefix/qos/v1/scs-1/subscriptions"))
                .isFalse();
    }

    @Test
    void allowsWhenThePathIsNotCanonicalThenFalse() {
        for (String path : List.of(
                "/qos/v1/../v1/scs-1/subscriptions",
                "/qos/v1/./scs-1/subscriptions",
                "/qos/v1/%2e%2E/x/subscriptions",
                "/qos/v1/scs-1%2Fa/subscriptions",
                "/qos/v1/scs-1%5ca/subscriptions",
                "/qos/v1/scs\\1/subscriptions",
                "/qos/v1/scs-1/subscriptions#x",
                "qos/v1/scs-1/subscriptions",
                "/qos/v1/scs-1%00/subscriptions",
                "/qos/v1/scs%0A1/subscriptions",
                "/qos/v1/scs%7f1/subscriptions",
                "/qos/v1/%zz/subscriptions",
                "/qos/v1/scs-1/subscriptions%2",
                "/qos/v1/scs-1/subscriptions%",
                "/qos/v1/scs 1/subscriptions",
                "/qos/v1/scs\t1/subscriptions",
                "/qos/v1/scs\u00ff/subscriptions",
                "/qos/v1/caf\u00e9/subscriptions",
                "")) {
            assertThat(allows(RESOURCES, "GET", path)).as(path).isFalse();
        }
        assertThat(PublishedRoutes.canonical("/a/b?c=../..")).isEqualTo("/a/b");
        assertThat(allows(RESOURCES, "GET", "/qos/v1/scs%201/subscriptions")).isTrue();
        assertThat(allows(RESOURCES, "GET", "/qos/v1/caf%C3%A9/subscriptions")).isTrue();
    }

    @Test
    void allowsWhenInterfacesHaveAnApiPrefixThenUnderTheRootOrThePrefix() {
        AefProfile p = profile(
                RESOURCES.versions(),
                List.of(new InterfaceDescription(null, null, "aef.example", 443, "/exposure/", null)));
        assertThat(allows(p, "GET", "/exposure/qos/v1/scs-1/subscriptions")).isTrue();
        assertThat(allows(p, "GET", "/qos/v1/scs-1/subscriptions")).isTrue();
        assertThat(allows(p, "GET", "/other/qos/v1/scs-1/subscriptions")).isFalse();
    }

    @Test
    void allowsWhenTheApiPublishesNoResourcesThenAnythingUnderItsVersions() {
        AefProfile p = profile(List.of(Version.of("v1"), Version.of("v2")), null);
        assertThat(allows(p, "DELETE", "/qos/v2/anything/at/all")).isTrue();
        assertThat(allows(p, "GET", "/qos/v1")).isTrue();
        assertThat(allows(p, "GET", "/qos/v3/x")).isFalse();
        assertThat(allows(p, "GET", "/qos/v1x")).isFalse();
        assertThat(allows(p, "GET", "/other/v1/x")).isFalse();
        assertThat(PublishedRoutes.allowsUnpublished("qos", "GET", "/qos/v9/x")).isTrue();
        assertThat(PublishedRoutes.allowsUnpublished("qos", "GET", "/other/v9/x"))
                .isFalse();
    }
}
