package org.capif.events.subscription;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * TS 29.523 {@code ReportingInformation}, the {@code eventReq} of a subscription. Implemented: {@code notifMethod}
 * {@code ON_EVENT_DETECTION} (the default) and {@code ONE_TIME}, {@code maxReportNbr}, {@code monDur}, {@code immRep}
 * false; the other members (periodic reporting, sampling, grouping, muting) are refused with a 400 naming them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReportingInformation(
        Boolean immRep,
        String notifMethod,
        Long maxReportNbr,
        OffsetDateTime monDur,
        Long repPeriod,
        Integer sampRatio,
        List<JsonNode> partitionCriteria,
        Long grpRepTime,
        String notifFlag,
        JsonNode notifFlagInstruct,
        JsonNode mutingSetting) {

    /** Whether nothing is asked for at all ({@code eventReq: {}}, as some clients send). */
    public boolean empty() {
        return immRep == null
                && notifMethod == null
                && maxReportNbr == null
                && monDur == null
                && repPeriod == null
                && sampRatio == null
                && partitionCriteria == null
                && grpRepTime == null
                && notifFlag == null
                && notifFlagInstruct == null
                && mutingSetting == null;
    }
}
