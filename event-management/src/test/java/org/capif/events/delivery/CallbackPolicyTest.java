package org.capif.events.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where notifications may go (SSRF and topology hiding): the URL at subscription, every address when sending. */
class CallbackPolicyTest {

    private final CallbackPolicy closed = new CallbackPolicy(List.of(), false);
    private final CallbackPolicy lab = new CallbackPolicy(List.of("10.20.0.0/16", "127.0.0.1/32"), false);

    @Test
    void checkWhenPublicHttpsThenAccepted() throws Exception {
        assertThat(closed.check("https://callbacks.example.com/capif/notify").getHost())
                .isEqualTo("callbacks.example.com");
        assertThat(closed.check("https://198.51.100.7:8443/n").getPort()).isEqualTo(8443);
    }

    @Test
    void checkWhenInternalAddressOrNameAndNothingAllowListedThenRefusedAsNotAllowed() {
        for (String url : List.of(
                "https://10.20.1.1/n",
                "https://127.0.0.1/n",
                "https://169.254.169.254/latest/meta-data",
                "https://[::1]/n",
                "https://[fd00::1]/n",
                "https://100.64.0.1/n",
                "https://0.0.0.0/n",
                "https://localhost/n",
                "https://kafka/n",
                "https://kafka.capif.svc.cluster.local/n",
                "https://db.capif.svc/n",
                "https://metadata.google.internal/n",
                "https://printer.home.arpa/n")) {
            assertThatThrownBy(() -> closed.check(url))
                    .as(url)
                    .isInstanceOfSatisfying(CallbackPolicy.Refused.class, r -> assertThat(r.malformed())
                            .isFalse());
        }
    }

    @Test
    void checkWhenPlainHttpUserInfoOrFragmentThenRefused() {
        for (String url : List.of(
                "http://callbacks.example.com/n",
                "ftp://callbacks.example.com/n",
                "https://user:secret@callbacks.example.com/n",
                "https://callbacks.example.com/n#frag")) {
            assertThatThrownBy(() -> closed.check(url)).as(url).isInstanceOf(CallbackPolicy.Refused.class);
        }
        assertThatThrownBy(() -> new CallbackPolicy(List.of(), true).check("ftp://callbacks.example.com/n"))
                .isInstanceOf(CallbackPolicy.Refused.class);
    }

    @Test
    void checkWhenNotAUrlThenRefusedAsMalformed() {
        for (String url : List.of("", "not a url", "https://", "https://exa mple.com/n")) {
            assertThatThrownBy(() -> closed.check(url))
                    .as(url)
                    .isInstanceOfSatisfying(CallbackPolicy.Refused.class, r -> assertThat(r.malformed())
                            .isTrue());
        }
    }

    @Test
    void allowedWhenAddressInsideAnAllowListedNetworkOnlyThenTrue() throws Exception {
        assertThat(lab.allowed(InetAddress.getByName("10.20.255.1"))).isTrue();
        assertThat(lab.allowed(InetAddress.getByName("127.0.0.1"))).isTrue();
        assertThat(lab.allowed(InetAddress.getByName("10.21.0.1"))).isFalse();
        assertThat(lab.allowed(InetAddress.getByName("127.0.0.2"))).isFalse();
        assertThat(lab.allowed(InetAddress.getByName("0.0.0.0"))).isFalse();
        assertThat(lab.allowed(InetAddress.getByName("224.0.0.1"))).isFalse();
        assertThat(closed.allowed(InetAddress.getByName("198.51.100.7"))).isTrue();
        assertThat(closed.allowed(InetAddress.getByName("192.168.1.1"))).isFalse();
    }

    @Test
    void checkWhenNetworksAllowListedThenInternalNamesAcceptedButOtherInternalAddressesStillRefused() throws Exception {
        assertThat(lab.check("https://receiver.lab.svc.cluster.local/n").getHost())
                .isEqualTo("receiver.lab.svc.cluster.local");
        assertThat(lab.check("https://10.20.3.4/n").getHost()).isEqualTo("10.20.3.4");
        assertThatThrownBy(() -> lab.check("https://192.168.1.1/n")).isInstanceOf(CallbackPolicy.Refused.class);
    }
}
