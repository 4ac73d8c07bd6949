package com.actionbridge.admin;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** Serves the console's entry page; the other static files come from {@code static/admin/}. */
@Controller
class ConsoleController {

    @GetMapping("/admin")
    String console() {
        return "redirect:/admin/";
    }

    @GetMapping("/admin/")
    String index() {
        return "forward:/admin/index.html";
    }
}
