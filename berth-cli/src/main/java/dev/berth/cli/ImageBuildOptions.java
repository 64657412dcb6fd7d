package dev.berth.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** What every image build of a command gets: shared by push, release and up. */
final class ImageBuildOptions {

    @Option(names = "--build-arg", paramLabel = "NAME=VALUE", description = "A build argument for every image (repeatable).")
    List<String> buildArguments = new ArrayList<>();

    @Option(names = "--engine-option", paramLabel = "OPTION",
            description = "An option for the engine's build, e.g. --engine-option=--volume=/cache:/cache (repeatable).")
    List<String> engineOptions = new ArrayList<>();
}
