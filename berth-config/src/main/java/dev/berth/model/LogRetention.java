package dev.berth.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * The retention periods CloudWatch Logs accepts, the only ones berth.yaml admits. The constant names are the
 * AWS CDK's {@code RetentionDays} names, so the platform maps one to the other by name.
 */
public enum LogRetention {
    ONE_DAY(1), THREE_DAYS(3), FIVE_DAYS(5), ONE_WEEK(7), TWO_WEEKS(14), ONE_MONTH(30), TWO_MONTHS(60),
    THREE_MONTHS(90), FOUR_MONTHS(120), FIVE_MONTHS(150), SIX_MONTHS(180), ONE_YEAR(365), THIRTEEN_MONTHS(400),
    EIGHTEEN_MONTHS(545), TWO_YEARS(731), THREE_YEARS(1096), FIVE_YEARS(1827), SIX_YEARS(2192), SEVEN_YEARS(2557),
    EIGHT_YEARS(2922), NINE_YEARS(3288), TEN_YEARS(3653);

    private final int days;

    LogRetention(int days) {
        this.days = days;
    }

    public int days() {
        return days;
    }

    public static Optional<LogRetention> ofDays(int days) {
        return Arrays.stream(values()).filter(retention -> retention.days == days).findFirst();
    }
}
