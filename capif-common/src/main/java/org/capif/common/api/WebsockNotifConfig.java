package org.capif.common.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** TS 29.122 {@code WebsockNotifConfig}, kept as the invoker sent it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebsockNotifConfig(String websocketUri, Boolean requestWebsocketUri) {}
