package dev.berth.platform;

import dev.berth.model.LogRetention;
import software.amazon.awscdk.services.logs.RetentionDays;

/** The model's log retention as the CDK's: the model names its periods as the CDK does. */
public final class Retention {

    private Retention() {
    }

    public static RetentionDays of(LogRetention retention) {
        return RetentionDays.valueOf(retention.name());
    }
}
