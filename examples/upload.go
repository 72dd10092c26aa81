// Package upload stores invoices in S3 (demo file: the AWS key pair is fake).
package upload

import "github.com/aws/aws-sdk-go-v2/credentials"

const (
	awsAccessKeyID     = "AKIAQ2IU7CCFJ3GBENSW"
	awsSecretAccessKey = "/StkTZE5Zbj4u+jQiwihi7/Z7+mWtBrE3C4qQLAA"
)

var provider = credentials.NewStaticCredentialsProvider(awsAccessKeyID, awsSecretAccessKey, "")
