// EC2's DescribeInstances through the Query API: the request (a form body, signed) and
// the XML answer read into what the provider needs of each instance.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace joinery::aws {

struct Ec2Instance {
  std::string id;
  std::string private_ip;          // privateIpAddress; empty in EC2-Classic
  std::string public_ip;           // ipAddress; empty without a public address
  std::vector<std::string> ipv6s;  // every interface's ipv6AddressesSet, in order
};

struct Ec2Page {
  std::vector<Ec2Instance> instances;
  std::string next_token;  // empty on the last page
};

// The instances of a DescribeInstancesResponse (reservationSet/item/instancesSet/item).
// Throws std::runtime_error when `xml` is not such a document.
Ec2Page read_describe_instances(std::string_view xml);

// The form body asking for the running instances tagged tag_key=tag_value, the page
// after `next_token` (the first page when empty).
std::string describe_instances_body(const std::string &tag_key, const std::string &tag_value,
                                    const std::string &next_token);

}  // namespace joinery::aws
