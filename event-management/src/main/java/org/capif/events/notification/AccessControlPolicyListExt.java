package org.capif.events.notification;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.capif.common.api.ApiInvokerPolicy;

/** TS 29.222 §8.3.4.2.6 {@code AccessControlPolicyListExt}: the access control policy list of one service API. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AccessControlPolicyListExt(String apiId, List<ApiInvokerPolicy> apiInvokerPolicies) {}
