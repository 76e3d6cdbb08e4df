package org.capif.common.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** TS 29.222 {@code ServiceKpis}: service characteristics an API advertises (discovery filter {@code service-kpis}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceKpis(
        Long maxReqRate,
        Long maxRestime,
        Long availability,
        String avalComp,
        String avalGraComp,
        String avalMem,
        String avalStor,
        Long conBand) {}
