package com.actionbridge;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application. The auto-configurations left out below are on the class path only as parts of libraries we use for
 * something else, and ActionBridge uses none of what they set up (docs/startup.md says why for each); leaving them out
 * spares their parsing, conditions and beans at every start.
 */
@SpringBootApplication(excludeName = {
        // No aspects, no transactions, no repositories: nothing to proxy, translate or count.
        "org.springframework.boot.autoconfigure.aop.AopAutoConfiguration",
        "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
        "org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizationAutoConfiguration",
        "org.springframework.boot.persistence.autoconfigure.PersistenceExceptionTranslationAutoConfiguration",
        "org.springframework.boot.data.autoconfigure.metrics.DataRepositoryMetricsAutoConfiguration",
        "org.springframework.boot.data.autoconfigure.web.DataWebAutoConfiguration",
        // Outgoing HTTP is ActionBridge's own (the JDK HttpClient; WxJava's and DingTalk's clients): no RestTemplate,
        // RestClient.Builder, WebClient or HTTP service client beans are used.
        "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration",
        "org.springframework.boot.restclient.autoconfigure.RestClientObservationAutoConfiguration",
        "org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration",
        "org.springframework.boot.restclient.autoconfigure.RestTemplateObservationAutoConfiguration",
        "org.springframework.boot.restclient.autoconfigure.service.HttpServiceClientAutoConfiguration",
        "org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration",
        "org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration",
        "org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration",
        "org.springframework.boot.http.client.autoconfigure.metrics.HttpClientMetricsAutoConfiguration",
        "org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientPropertiesAutoConfiguration",
        "org.springframework.boot.netty.autoconfigure.NettyAutoConfiguration",
        // No @Scheduled methods (the Redis store's lock renewal has its own scheduler); no multipart endpoint.
        "org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration",
        "org.springframework.boot.micrometer.observation.autoconfigure.ScheduledTasksObservationAutoConfiguration",
        "org.springframework.boot.servlet.autoconfigure.MultipartAutoConfiguration"})
public class ActionBridgeApplication {
    public static void main(String[] args) {
        SpringApplication.run(ActionBridgeApplication.class, args);
    }
}
