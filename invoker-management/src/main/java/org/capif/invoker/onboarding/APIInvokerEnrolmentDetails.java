package org.capif.invoker.onboarding;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.capif.common.api.WebsockNotifConfig;

/** TS 29.222 §8.4.4.2.2 {@code APIInvokerEnrolmentDetails}: the onboarding request and the invoker profile. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record APIInvokerEnrolmentDetails(
        String apiInvokerId,
        OnboardingInformation onboardingInformation,
        String notificationDestination,
        Boolean requestTestNotification,
        WebsockNotifConfig websockNotifConfig,
        APIList apiList,
        String apiInvokerInformation,
        String supportedFeatures) {}
