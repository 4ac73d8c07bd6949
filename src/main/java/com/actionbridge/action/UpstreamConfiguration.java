package com.actionbridge.action;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.ObjectMapper;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(UpstreamProperties.class)
class UpstreamConfiguration {

    @Bean
    ConfiguredUpstreamLocation upstreamLocation(UpstreamProperties properties,
                                                @Value("${server.servlet.context-path:}") String contextPath,
                                                @Value("${server.address:}") String serverAddress) {
        return new ConfiguredUpstreamLocation(properties, contextPath, serverAddress);
    }

    @Bean
    HttpActionClient actionClient(UpstreamLocation location, UpstreamProperties properties, ObjectMapper mapper) {
        return new HttpActionClient(location, properties, mapper);
    }
}
