package org.capif.common.event;

import java.util.List;

/**
 * One service API an invoker is entitled to use (its subscription, TS 29.222 {@code APIList}), with what the exposing
 * AEF supports.
 *
 * @param apiId the service API identifier (TS 29.222 {@code ServiceAPIDescription.apiId})
 * @param apiName the API name used in token scopes ({@code 3gpp#aefId:apiName})
 * @param aefId the API exposing function that exposes it
 * @param securityMethods the CAPIF-2e methods the AEF supports for it ({@code PSK}, {@code PKI}, {@code OAUTH})
 */
public record SubscribedApi(String apiId, String apiName, String aefId, List<String> securityMethods) {}
