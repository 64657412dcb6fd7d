package dev.berth.functions.sleep;

import java.util.Map;
import java.util.Optional;

/**
 * The part of EventBridge's "CloudWatch Alarm State Change" event the sleep function reads: the alarm's name and its
 * new state ({@code ALARM}, {@code OK} or {@code INSUFFICIENT_DATA}). The Lambda runtime hands the event's JSON over
 * as nested maps.
 */
record AlarmStateChange(String alarmName, String state) {

    static final String SOURCE = "aws.cloudwatch";
    static final String DETAIL_TYPE = "CloudWatch Alarm State Change";

    /** The alarm's change, or empty when the event is not an alarm state change. */
    static Optional<AlarmStateChange> from(Map<String, ?> event) {
        if (event == null || !SOURCE.equals(event.get("source")) || !DETAIL_TYPE.equals(event.get("detail-type"))
                || !(event.get("detail") instanceof Map<?, ?> detail)
                || !(detail.get("alarmName") instanceof String alarmName)
                || !(detail.get("state") instanceof Map<?, ?> state)
                || !(state.get("value") instanceof String value)) {
            return Optional.empty();
        }
        return Optional.of(new AlarmStateChange(alarmName, value));
    }

    boolean inAlarm() {
        return "ALARM".equals(state);
    }
}
