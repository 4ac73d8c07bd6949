package com.actionbridge.startup;

import com.actionbridge.ActionBridgeApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.annotation.ImportCandidates;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configurations ActionBridge leaves out to start faster are named by string; each must still be one of
 * Spring Boot's auto-configurations, or a Boot upgrade that renamed it would quietly bring it back.
 */
class ExcludedAutoConfigurationsTest {

    @Test
    void everyExcludedNameIsAnAutoConfigurationOfThisClassPath() {
        String[] excluded = ActionBridgeApplication.class.getAnnotation(SpringBootApplication.class).excludeName();
        List<String> candidates = new ArrayList<>();
        ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).forEach(candidates::add);

        assertThat(excluded).isNotEmpty().doesNotHaveDuplicates();
        assertThat(candidates).contains(excluded);
    }
}
