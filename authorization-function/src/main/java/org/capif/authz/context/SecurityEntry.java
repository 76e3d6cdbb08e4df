package org.capif.authz.context;

import java.util.List;

/**
 * One service API of a security context as stored: the AEF, the API (id and name), what the invoker preferred and
 * what was selected.
 */
public record SecurityEntry(
        String aefId, String apiId, String apiName, List<String> prefSecurityMethods, String selSecurityMethod) {}
