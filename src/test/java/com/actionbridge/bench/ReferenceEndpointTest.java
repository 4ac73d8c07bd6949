package com.actionbridge.bench;

import com.actionbridge.action.FakeUpstream;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import java.io.IOException;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The benchmark's yardsticks: the empty endpoint, and the relay that does a turn's I/O without the engine. */
class ReferenceEndpointTest {

    @Test
    void theRelayPostsTheBodyToTheUpstreamAndAnswersWithTheUpstreamsAnswer() throws Exception {
        try (FakeUpstream upstream = new FakeUpstream().then(FakeUpstream.ok("{\"status\":\"action_done\"}"))) {
            MockMvc mvc = MockMvcBuilders.standaloneSetup(new ReferenceEndpoint(upstream.baseUrl() + "/")).build();

            MvcResult started = mvc.perform(post("/bench/relay").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"user_id\":\"u1\",\"text\":\"hi\"}")).andExpect(request().asyncStarted()).andReturn();
            mvc.perform(asyncDispatch(started)).andExpect(status().isOk())
                    .andExpect(content().json("{\"Code\":2000,\"Data\":{\"status\":\"action_done\"}}"));

            assertThat(upstream.received()).singleElement().satisfies(r -> {
                assertThat(r.path()).isEqualTo("/bench/relay");
                assertThat(r.body()).isEqualTo("{\"user_id\":\"u1\",\"text\":\"hi\"}");
            });
        }
    }

    @Test
    void anUnreachableUpstreamIsA502AndNoUpstreamAtAllA503() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        MockMvc down = MockMvcBuilders.standaloneSetup(new ReferenceEndpoint("http://127.0.0.1:" + closedPort))
                .build();
        MvcResult started = down.perform(post("/bench/relay").content("{}")).andReturn();
        down.perform(asyncDispatch(started)).andExpect(status().isBadGateway());

        MockMvc none = MockMvcBuilders.standaloneSetup(new ReferenceEndpoint("")).build();
        none.perform(asyncDispatch(none.perform(post("/bench/relay").content("{}")).andReturn()))
                .andExpect(status().isServiceUnavailable());
        none.perform(post("/bench/reference")).andExpect(status().isOk());
    }
}
