package dev.berth.platform.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The checked-in price table: dated, sourced, complete for the regions Berth's examples use, and not too old. */
class PriceTableTest {

    /** AWS list prices change seldom (Fargate's last cut was 2019); two years without a look is the most we accept. */
    static final long MAX_AGE_DAYS = 730;
    static final List<String> REGIONS = List.of("eu-central-1", "us-east-1", "eu-west-1", "us-west-2");

    @Test
    void noPriceIsOlderThanTheSetAge() {
        LocalDate oldest = PriceTable.get().all().stream().map(price -> price.source().asOf()).min(LocalDate::compareTo).orElseThrow();
        assertThat(ChronoUnit.DAYS.between(oldest, LocalDate.now()))
                .as("prices.tsv's oldest row is from %s: re-read AWS's pricing pages and update the rows and their dates", oldest)
                .isLessThanOrEqualTo(MAX_AGE_DAYS);
    }

    @Test
    void everyRegionalItemIsPricedInEveryRegionTheExamplesUseAndEveryRowSaysWhereItComesFrom() {
        Map<String, Set<String>> regionsByItem = PriceTable.get().all().stream().collect(Collectors.groupingBy(PriceTable.Price::item,
                Collectors.mapping(price -> price.source().region(), Collectors.toSet())));
        regionsByItem.forEach((item, regions) -> assertThat(regions).as(item)
                .isIn(Set.of(PriceTable.GLOBAL), Set.copyOf(REGIONS)));
        assertThat(PriceTable.get().all()).allSatisfy(price -> {
            assertThat(price.source().reference()).startsWith("https://aws.amazon.com/");
            assertThat(price.usd().signum()).isNotNegative();
        });
        assertThat(PriceTable.get().find("eu-central-1", "fargate.vcpu_hour.x86")).isPresent();
        assertThat(PriceTable.get().find("eu-central-1", "waf.web_acl_month").orElseThrow().source().region()).isEqualTo("global");
    }
}
