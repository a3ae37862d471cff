// SPDX-License-Identifier: MIT
// JavaScript's String(value), which the framework applies where a value becomes text (`"" + value` in
// resolve.js, Ajv's coerceTypes): numbers as Number.prototype.toString writes the double js-yaml read, lists joined.
#include <catch2/catch.hpp>

#include "serverless/json_util.hpp"

using wd::json;
using wd::sls::js_number;
using wd::sls::js_string;

TEST_CASE("js values: numbers print as JavaScript prints the double") {
    CHECK(js_number(0) == "0");
    CHECK(js_number(3) == "3");
    CHECK(js_number(-42.5) == "-42.5");
    CHECK(js_number(0.1) == "0.1");
    CHECK(js_number(0.000001) == "0.000001");
    CHECK(js_number(1e-7) == "1e-7");
    CHECK(js_number(1.5e-10) == "1.5e-10");
    CHECK(js_number(1e20) == "100000000000000000000");
    CHECK(js_number(1e21) == "1e+21");
    CHECK(js_number(12345678901234567890.0) == "12345678901234567000");
    CHECK(js_number(123456789012345678.0) == "123456789012345680");
    // integers as YAML gives them (js-yaml reads every number as a double)
    CHECK(js_string(json(std::uint64_t{12345678901234567890u})) == "12345678901234567000");
    CHECK(js_string(json(std::int64_t{123456789012})) == "123456789012");
}

TEST_CASE("js values: lists join with commas, null items empty; mappings and scalars") {
    CHECK(js_string(json::array({"zero", "one"})) == "zero,one");
    CHECK(js_string(json::array({"a", nullptr, 3})) == "a,,3");
    CHECK(js_string(json::array({json::array({1, 2}), true})) == "1,2,true");
    CHECK(js_string(json::object()) == "[object Object]");
    CHECK(js_string(json(nullptr)) == "null");
    CHECK(js_string(json(false)) == "false");
}
