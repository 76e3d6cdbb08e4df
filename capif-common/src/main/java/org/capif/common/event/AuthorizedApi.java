package org.capif.common.event;

/**
 * One service API of an invoker's security context, with the CAPIF-2e method the authorization function selected.
 *
 * @param aefId the AEF
 * @param apiId the service API identifier
 * @param apiName the API name used in scopes
 * @param selSecurityMethod {@code OAUTH} or {@code PKI}
 */
public record AuthorizedApi(String aefId, String apiId, String apiName, String selSecurityMethod) {}
