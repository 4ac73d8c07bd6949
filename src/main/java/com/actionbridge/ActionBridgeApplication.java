package com.actionbridge;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class ActionBridgeApplication {
    public static void main(String[] args) {
        SpringApplication.run(ActionBridgeApplication.class, args);
    }
}
