package dev.berth.functions;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a moto_server: one for the whole run, stopped when the run ends however the tests ended, and reset
 * before each test. Without moto_server on the PATH the tests are skipped and say why.
 */
public final class Moto implements BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Moto.class);

    /** Each test, not the class, is skipped without moto_server, so that reports count and name every one. */
    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        Assumptions.assumeTrue(MotoServer.installed(), "this test needs moto_server on the PATH (pip install 'moto[server]')");
        server(context).reset();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == MotoServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server(context);
    }

    /** The run's server, started on first use; the root store closes it when the run ends. */
    private static MotoServer server(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(MotoServer.class, type -> {
            try {
                return MotoServer.start();
            } catch (Exception failure) {
                throw new IllegalStateException("could not start moto_server", failure);
            }
        }, MotoServer.class);
    }
}
