package org.capif.authz.policy;

import java.util.List;
import org.capif.common.api.ApiInvokerPolicy;

/** TS 29.222 §8.6.4.2.2 {@code AccessControlPolicyList}. */
public record AccessControlPolicyList(List<ApiInvokerPolicy> apiInvokerPolicies) {}
