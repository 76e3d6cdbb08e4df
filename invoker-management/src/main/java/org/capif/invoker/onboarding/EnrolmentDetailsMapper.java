package org.capif.invoker.onboarding;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.capif.common.api.ServiceAPIDescription;
import org.capif.common.api.WebsockNotifConfig;
import org.capif.invoker.certificate.InvokerCertificateAuthority;

/** Renders an {@link ApiInvoker} as the TS 29.222 {@code APIInvokerEnrolmentDetails} of responses. */
@ApplicationScoped
public class EnrolmentDetailsMapper {

    private final InvokerCertificateAuthority ca;

    public EnrolmentDetailsMapper(InvokerCertificateAuthority ca) {
        this.ca = ca;
    }

    /**
     * The profile as answered: with the certificate bundle and the descriptions (as invokers see them) of the
     * subscribed APIs that are published.
     */
    public APIInvokerEnrolmentDetails toDetails(OnboardingService.Enrolled enrolled) {
        ApiInvoker invoker = enrolled.invoker();
        return details(
                invoker,
                new OnboardingInformation(invoker.apiInvokerPublicKey, ca.bundle(invoker.certificatePem), null),
                enrolled.apis());
    }

    /** The profile as a client would send it: the base onto which a merge patch applies. */
    APIInvokerEnrolmentDetails toRequestDetails(ApiInvoker invoker, List<ServiceAPIDescription> apis) {
        return details(invoker, new OnboardingInformation(invoker.apiInvokerPublicKey, null, null), apis);
    }

    private APIInvokerEnrolmentDetails details(
            ApiInvoker invoker, OnboardingInformation onboardingInformation, List<ServiceAPIDescription> apis) {
        WebsockNotifConfig websock = invoker.websocketUri == null && invoker.requestWebsocketUri == null
                ? null
                : new WebsockNotifConfig(invoker.websocketUri, invoker.requestWebsocketUri);
        return new APIInvokerEnrolmentDetails(
                invoker.apiInvokerId,
                onboardingInformation,
                invoker.notificationDestination,
                invoker.requestTestNotification,
                websock,
                apis.isEmpty() ? null : new APIList(apis),
                invoker.apiInvokerInformation,
                invoker.supportedFeatures);
    }
}
