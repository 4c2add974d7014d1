#include "ec2_api.hpp"

#include "url_component.hpp"

#include <pugixml.hpp>

#include <stdexcept>

namespace joinery::aws {
namespace {

// The API's largest page (DescribeInstances' MaxResults is 5 to 1000).
constexpr int page_size = 1000;

}  // namespace

Ec2Page read_describe_instances(std::string_view xml) {
  pugi::xml_document document;
  const pugi::xml_parse_result parsed = document.load_buffer(xml.data(), xml.size());
  if (!parsed) {
    throw std::runtime_error(std::string("not XML: ") + parsed.description() + " at byte " +
                             std::to_string(parsed.offset));
  }
  const pugi::xml_node response = document.child("DescribeInstancesResponse");
  if (!response) {
    throw std::runtime_error("no DescribeInstancesResponse element");
  }
  Ec2Page page;
  page.next_token = response.child_value("nextToken");
  for (const pugi::xml_node reservation : response.child("reservationSet").children("item")) {
    for (const pugi::xml_node item : reservation.child("instancesSet").children("item")) {
      Ec2Instance instance{item.child_value("instanceId"),
                           item.child_value("privateIpAddress"),
                           item.child_value("ipAddress"),
                           {}};
      for (const pugi::xml_node interface : item.child("networkInterfaceSet").children("item")) {
        for (const pugi::xml_node address : interface.child("ipv6AddressesSet").children("item")) {
          if (const std::string ipv6 = address.child_value("ipv6Address"); !ipv6.empty()) {
            instance.ipv6s.push_back(ipv6);
          }
        }
      }
      page.instances.push_back(std::move(instance));
    }
  }
  return page;
}

std::string describe_instances_body(const std::string &tag_key, const std::string &tag_value,
                                    const std::string &next_token) {
  std::string body = "Action=DescribeInstances&Version=2016-11-15&Filter.1.Name=" +
                     http::encode_url_component("tag:" + tag_key) +
                     "&Filter.1.Value.1=" + http::encode_url_component(tag_value) +
                     "&Filter.2.Name=instance-state-name&Filter.2.Value.1=running&MaxResults=" +
                     std::to_string(page_size);
  if (!next_token.empty()) {
    body += "&NextToken=" + http::encode_url_component(next_token);
  }
  return body;
}

}  // namespace joinery::aws
