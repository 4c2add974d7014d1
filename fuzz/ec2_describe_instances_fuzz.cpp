// EC2 DescribeInstances answers as a broken or hostile endpoint sends them, through the
// aws provider's XML reader (pugixml) and AWS's error-document reader. Every answer
// must give instances or a std::runtime_error.
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "aws_api.hpp"
#include "ec2_api.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char *>(data), size);
  try {
    const auto page = joinery::aws::read_describe_instances(body);
    (void)page.next_token.size();
  } catch (const std::runtime_error &) {
    // Not a DescribeInstancesResponse: the provider says so.
  }
  joinery::http::HttpResponse answer;
  answer.status = 400;
  answer.body = std::string(body);
  (void)joinery::aws::read_aws_error(answer);
  return 0;
}
