package dev.berth.config;

import dev.berth.model.ModelPart;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The project's name and region, and what every environment says of itself: its profile and account. */
final class ProjectSection implements Section {

    static final Key PROJECT = Key.of("project", "name (a-z, 0-9, -; ≤ 20)", "required", "prefix of every stack and resource name");
    static final Key REGION = Key.of("region", "AWS region", "required", "where every environment deploys");
    static final Key PROFILE = Key.of("profile", "dev, prod", "the environment's name",
            "the defaults it starts from; required for environments not named dev or prod");
    static final Key ACCOUNT = Key.of("account", "12 digits", "the credentials' account", "the AWS account it deploys to");

    /** The regions of the commercial, GovCloud, China and European Sovereign partitions, late 2026. */
    static final List<String> REGIONS = List.of(
            "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "ca-west-1", "mx-central-1", "sa-east-1",
            "eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-south-1", "eu-south-2",
            "eu-north-1", "il-central-1", "me-south-1", "me-central-1", "af-south-1",
            "ap-east-1", "ap-east-2", "ap-south-1", "ap-south-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
            "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6",
            "ap-southeast-7", "us-gov-east-1", "us-gov-west-1", "cn-north-1", "cn-northwest-1", "eusc-de-east-1");

    private static final Pattern PROJECT_NAME = Pattern.compile("[a-z][a-z0-9-]{0,19}");
    static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

    @Override
    public List<Key> keys(Scope scope) {
        return scope == Scope.FILE ? List.of(PROJECT, REGION) : List.of(PROFILE, ACCOUNT);
    }

    @Override
    public void readFile(FileReading file) {
        YamlFields fields = file.fields;
        file.project = fields.required(file.top, file.root, "", PROJECT.name())
                .flatMap(node -> fields.matching(node, PROJECT.name(), PROJECT_NAME,
                        "a lowercase name of letters, digits and '-', starting with a letter, at most 20 characters"))
                .orElse("invalid");
        file.region = fields.required(file.top, file.root, "", REGION.name())
                .flatMap(node -> fields.text(node, REGION.name()).flatMap(region -> {
                    if (REGIONS.contains(region)) {
                        return Optional.of(region);
                    }
                    String hint = YamlFields.didYouMean(region, REGIONS);
                    fields.problem(node, REGION.name(), "expected an AWS region such as eu-central-1; got '" + region + "'"
                            + (hint.isEmpty() ? ", which is not a region Berth knows" : hint));
                    return Optional.empty();
                }))
                .orElse("invalid");
    }

    /** Profile and account are read with the environment's name, before any section: they make its naming. */
    @Override
    public Optional<? extends ModelPart> read(EnvironmentReading environment) {
        return Optional.empty();
    }
}
